package dev.signet.policy;

import java.util.Objects;

/**
 * One thing said about a policy when it loads, and which way it departs from the document: the load report
 * ({@link LoadReport}) groups notes by kind so a reader sees at once what is checked as written, more strictly, or more
 * loosely. What cannot be checked at all is not a note: it is in the compiled rules ({@link UnsupportedAttestor},
 * {@link ImageRule#unsupported}), which the report reads.
 *
 * @param text the note as the log, the readiness detail and {@code policy test} print it
 */
public record LoadNote(Kind kind, String text) {

    /** Which way a note departs from what the document asks. */
    public enum Kind {
        /** How Signet reads the document, the same way Kyverno would (a rule ignored, a default taken). */
        INFO,
        /** Signet checks more than the document asks for: it may deny what Kyverno admits, never the reverse. */
        STRICTER,
        /** Signet checks less than the document asks for (the one known case: a Rekor entry for a key signature). */
        LAXER
    }

    public LoadNote {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.signet.reference;

import java.util.Objects;

/**
 * A tag: a mutable pointer to a manifest, so only ever a hint. Signet resolves a tag to a {@link Digest} once and
 * carries the digest from then on.
 *
 * <p>Grammar {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}} (distribution {@code tag}, OCI distribution-spec). Note that
 * go-containerregistry caps tags at 127 characters; we accept the spec's 128.
 *
 * @param name the tag text, e.g. {@code latest}
 */
public record Tag(String name) {
    /** The longest tag the grammar allows. */
    public static final int MAX_LENGTH = 128;

    /** The tag Docker and cosign assume when a reference names neither tag nor digest. */
    public static final Tag LATEST = new Tag("latest");

    /** Rejects text outside the tag grammar. */
    public Tag {
        Objects.requireNonNull(name, "name");
        String problem = problem(name);
        if (problem != null) {
            throw new InvalidReferenceException("parse tag", name, problem);
        }
    }

    /** Parses untrusted text as a tag. */
    public static Tag parse(String text) {
        return new Tag(text == null ? "" : text);
    }

    /** Why {@code name} is not a tag, or null when it is one. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "tag is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "tag is longer than " + MAX_LENGTH + " characters";
        }
        if (!isWordCharacter(name.charAt(0))) {
            return "tag must start with a letter, digit or '_'";
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isWordCharacter(c) && c != '.' && c != '-') {
                return "tag may contain only letters, digits, '_', '.' and '-'";
            }
        }
        return null;
    }

    /** ASCII {@code \w}, as in Go's RE2: no Unicode letters. */
    private static boolean isWordCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** The tag text. */
    @Override
    public String toString() {
        return name;
    }
}

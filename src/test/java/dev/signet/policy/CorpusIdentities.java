package dev.signet.policy;

import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.TextMatch;
import dev.signet.testing.sigstore.LeafSpec;
import dev.signet.testing.sigstore.TestSigstore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A certificate identity that satisfies a keyless entry's identity: exact values as written, wildcards and regular
 * expressions read back into a few candidate values (anchors and {@code .*} dropped, {@code .+} and {@code *} as
 * {@code x}, escapes undone), the first that the entry's own matcher accepts.
 */
final class CorpusIdentities {

    private CorpusIdentities() {
    }

    /** The leaf to sign with for one of the identities, or empty when no candidate matches any. */
    static Optional<LeafSpec> leafFor(List<IdentityMatcher> identities) {
        for (IdentityMatcher identity : identities) {
            if (!identity.extensions().isEmpty()) {
                continue; // Fulcio extensions: not derived
            }
            Optional<String> subject = candidates(identity.subject()).stream().filter(identity.subject()::matches).filter(CorpusIdentities::issuable)
                    .findFirst();
            Optional<String> issuer = identity.issuer().isEmpty() ? Optional.of(TestSigstore.DEFAULT_ISSUER)
                    : candidates(identity.issuer().get()).stream().filter(identity.issuer().get()::matches).findFirst();
            if (subject.isPresent() && issuer.isPresent()) {
                String san = subject.get();
                return Optional.of(san.contains("@") && !san.contains("://") ? LeafSpec.email(san, issuer.get()) : LeafSpec.uri(san, issuer.get()));
            }
        }
        return Optional.empty();
    }

    /** Whether Fulcio could name it: an e-mail address or a URI (the JDK reads a certificate's SAN URI back strictly). */
    private static boolean issuable(String san) {
        if (san.isEmpty() || san.chars().anyMatch(c -> c <= ' ')) {
            return false;
        }
        if (san.contains("@") && !san.contains("://")) {
            return true;
        }
        try {
            return new java.net.URI(san).getScheme() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    static List<String> candidates(TextMatch match) {
        if (match instanceof TextMatch.Exact exact) {
            return List.of(exact.value());
        }
        if (match instanceof TextMatch.Wildcard wildcard) {
            String glob = wildcard.glob();
            return List.of(glob.replace('*', 'x').replace('?', 'x'), glob.replace("*", "").replace('?', 'x'), "https://" + glob.replace('*', 'x').replace('?', 'x'));
        }
        String pattern = ((TextMatch.Regexp) match).pattern().pattern();
        Set<String> candidates = new LinkedHashSet<>();
        String stripped = pattern.replaceAll("^\\^", "").replaceAll("\\$$", "");
        for (String star : List.of("", "x")) {
            String value = stripped.replace(".*", star).replace(".+", "x").replace("[^/]+", "x").replace("\\d+", "1").replace("[0-9]+", "1")
                    .replace("(?:", "(").replaceAll("\\(([^|)]*)\\|[^)]*\\)", "$1").replace("(", "").replace(")", "").replace("?", "")
                    .replaceAll("\\\\(.)", "$1");
            candidates.add(value);
        }
        candidates.add(stripped);
        // a pattern that matches anywhere (.*kubernetes.io/...) is satisfied by a URI with a scheme in front
        new ArrayList<>(candidates).forEach(value -> candidates.add("https://" + value));
        return new ArrayList<>(candidates);
    }
}

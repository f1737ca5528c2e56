package dev.signet.reference;

import java.util.Objects;
import java.util.Optional;

/**
 * A content digest, {@code <algorithm>:<hex>}, e.g. {@code sha256:e3b0c442…}: the identity of a manifest or blob.
 *
 * <p>Follows the OCI image spec (descriptor.md, "Digests"): the encoded part of a registered algorithm is lower-case
 * hex of fixed length. The distribution grammar alone would accept upper-case hex of any length from 32; go-digest
 * then rejects it, and so do we, so that one image has exactly one digest string. Digests are never computed here.
 *
 * @param algorithm the hash function
 * @param hex the encoded hash, lower-case, of {@link DigestAlgorithm#hexLength()} characters
 */
public record Digest(DigestAlgorithm algorithm, String hex) {

    /** Rejects hex that is not lower-case or not the algorithm's length. */
    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        String problem = hexProblem(algorithm, hex);
        if (problem != null) {
            throw new InvalidReferenceException("parse digest", algorithm + ":" + hex, problem);
        }
    }

    /** A digest from already separated parts. */
    public static Digest of(DigestAlgorithm algorithm, String hex) {
        return new Digest(algorithm, hex);
    }

    /** Parses untrusted text such as {@code sha256:<64 hex>}. */
    public static Digest parse(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new InvalidReferenceException("parse digest", text, problem);
        }
        int colon = text.indexOf(':');
        return new Digest(DigestAlgorithm.fromIdentifier(text.substring(0, colon)).orElseThrow(),
                text.substring(colon + 1));
    }

    /** Why {@code text} is not a digest, or null when it is one. */
    static String problem(String text) {
        if (text == null || text.isEmpty()) {
            return "digest is empty";
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return "digest must have the form <algorithm>:<hex>";
        }
        String identifier = text.substring(0, colon);
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromIdentifier(identifier);
        if (algorithm.isEmpty()) {
            return "unsupported digest algorithm " + InvalidReferenceException.quote(identifier)
                    + "; expected sha256 or sha512";
        }
        return hexProblem(algorithm.get(), text.substring(colon + 1));
    }

    private static String hexProblem(DigestAlgorithm algorithm, String hex) {
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (c >= 'A' && c <= 'F') {
                return "digest hex must be lowercase";
            }
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return "digest hex contains a character that is not hexadecimal at index " + i;
            }
        }
        if (hex.length() != algorithm.hexLength()) {
            return algorithm + " digest must have " + algorithm.hexLength() + " hex characters, not " + hex.length();
        }
        return null;
    }

    /** The digest as written in references and descriptors, {@code sha256:<hex>}. */
    @Override
    public String toString() {
        return algorithm.identifier() + ":" + hex;
    }
}

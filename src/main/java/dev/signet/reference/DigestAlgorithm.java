package dev.signet.reference;

import java.util.Optional;

/**
 * The digest algorithms Signet accepts, as registered by the OCI image spec (descriptor.md, "Registered
 * algorithms"). Identifiers are matched exactly: the spec writes them in lower case and go-digest, which cosign uses,
 * rejects {@code SHA256} as unregistered.
 */
public enum DigestAlgorithm {
    /** SHA-256: what registries compute in practice and what cosign's {@code sha256-<hex>.sig} tags are named by. */
    SHA256("sha256", "SHA-256", 64),
    /** SHA-512: registered by the OCI spec, rarely served. */
    SHA512("sha512", "SHA-512", 128);

    private final String identifier;
    private final String jcaName;
    private final int hexLength;

    DigestAlgorithm(String identifier, String jcaName, int hexLength) {
        this.identifier = identifier;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** The identifier written before the colon, e.g. {@code sha256}. */
    public String identifier() {
        return identifier;
    }

    /** The JCA {@code MessageDigest} name; only {@code oci} and {@code keys} may compute digests with it. */
    public String jcaName() {
        return jcaName;
    }

    /** How many lower-case hex characters an encoded digest of this algorithm has. */
    public int hexLength() {
        return hexLength;
    }

    /** The algorithm written as {@code identifier}, or empty when Signet does not support it. */
    public static Optional<DigestAlgorithm> fromIdentifier(String identifier) {
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.identifier.equals(identifier)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** The identifier, as it appears in a digest string. */
    @Override
    public String toString() {
        return identifier;
    }
}

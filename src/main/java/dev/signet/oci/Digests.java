package dev.signet.oci;

import dev.signet.reference.Digest;
import dev.signet.reference.DigestAlgorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Computes content digests. The one place outside {@code keys} that hashes, so every digest is made the same way. */
public final class Digests {
    private Digests() {
    }

    /** The {@code sha256:<hex>} digest of exactly these bytes. */
    public static Digest sha256(byte[] content) {
        return Digest.of(DigestAlgorithm.SHA256, HexFormat.of().formatHex(hash("SHA-256", content)));
    }

    /** The digest of {@code content} with the algorithm of {@code expected}, to check bytes a registry sent. */
    public static boolean matches(Digest expected, byte[] content) {
        String jca = expected.algorithm().jcaName();
        return MessageDigest.isEqual(HexFormat.of().parseHex(expected.hex()), hash(jca, content));
    }

    private static byte[] hash(String algorithm, byte[] content) {
        try {
            return MessageDigest.getInstance(algorithm).digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }
}

package dev.signet.oci;

import dev.signet.reference.Digest;
import dev.signet.reference.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
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

    /** The {@code sha256:<hex>} digest of everything {@code in} holds, read in chunks (a blob of any size). */
    public static Digest sha256(InputStream in) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            sha256.update(buffer, 0, read);
        }
        return Digest.of(DigestAlgorithm.SHA256, HexFormat.of().formatHex(sha256.digest()));
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

package dev.signet.sigstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** RFC 6962 / RFC 9162 Merkle tree hashing: leaf and node hashes, and the root an inclusion proof leads to. */
public final class Merkle {

    private Merkle() {
    }

    public static byte[] leafHash(byte[] leaf) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0);
        return sha256.digest(leaf);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 1);
        sha256.update(left);
        return sha256.digest(right);
    }

    /**
     * The root the audit path leads to from {@code leafHash} at {@code index} in a tree of {@code size} leaves
     * (RFC 9162 §2.1.3.2), or null when the path has the wrong length for that position.
     */
    public static byte[] rootFromInclusionProof(long index, long size, byte[] leafHash, List<byte[]> path) {
        if (index < 0 || index >= size) {
            return null;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (p.length != 32 || sn == 0) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}

package dev.signet.testing.sigstore;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only RFC 6962 §2.1 Merkle tree in memory, the structure behind Rekor v1's inclusion proofs: leaf hash
 * SHA-256(0x00 || leaf), node hash SHA-256(0x01 || left || right), the split at the largest power of two below the
 * size. Recursion over the leaf hashes is fine for the few entries a test logs.
 */
public final class MerkleTree {
    private final List<byte[]> leafHashes = new ArrayList<>();

    /** Appends a leaf; returns its index. */
    public synchronized long append(byte[] leaf) {
        leafHashes.add(leafHash(leaf));
        return leafHashes.size() - 1L;
    }

    public synchronized long size() {
        return leafHashes.size();
    }

    /** MTH(D[0:size]), the root of the first {@code size} leaves. */
    public synchronized byte[] rootHash(long size) {
        check(0, size);
        return root(0, (int) size);
    }

    /** PATH(index, D[0:size]): the audit path, leaf level first, as Rekor's {@code inclusionProof.hashes}. */
    public synchronized List<byte[]> inclusionProof(long index, long size) {
        check(index, size);
        List<byte[]> path = new ArrayList<>();
        path(index, 0, (int) size, path);
        return path;
    }

    public static byte[] leafHash(byte[] leaf) {
        return Encodings.sha256(new byte[] {0}, leaf);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return Encodings.sha256(new byte[] {1}, left, right);
    }

    private void check(long index, long size) {
        if (size < 1 || size > leafHashes.size() || index < 0 || index >= size) {
            throw new IllegalArgumentException("prove inclusion of leaf " + index + " in tree of " + size + ": the log holds " + leafHashes.size() + " leaves");
        }
    }

    private byte[] root(int from, int to) {
        if (to - from == 1) {
            return leafHashes.get(from);
        }
        int split = from + largestPowerOfTwoBelow(to - from);
        return nodeHash(root(from, split), root(split, to));
    }

    private void path(long index, int from, int to, List<byte[]> out) {
        if (to - from == 1) {
            return;
        }
        int split = from + largestPowerOfTwoBelow(to - from);
        if (index < split) {
            path(index, from, split, out);
            out.add(root(split, to));
        } else {
            path(index, split, to, out);
            out.add(root(from, split));
        }
    }

    /** The k of RFC 6962: the largest power of two strictly smaller than n (n > 1). */
    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }
}

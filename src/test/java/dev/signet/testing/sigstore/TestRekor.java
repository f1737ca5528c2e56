package dev.signet.testing.sigstore;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Rekor v1 transparency log in memory: entries go into an RFC 6962 {@link MerkleTree}; each answer carries the
 * SignedEntryTimestamp, an inclusion proof and a checkpoint signed by the log's P-256 key, the three pieces a
 * Sigstore verifier checks offline. The integrated time comes from the clock the test controls.
 *
 * <p>Formats, as Rekor v1 writes them and {@code @sigstore/verify} reads them: the SET signs the canonical JSON
 * {@code {"body":B64,"integratedTime":N,"logID":HEX,"logIndex":N}}; the checkpoint is a signed note (C2SP
 * signed-note) whose body is {@code "<origin>\n<size>\n<b64 root>\n"} with origin {@code "<host> - <tree id>"}, and
 * whose signature line is {@code "— <host> <b64(key hint || signature)>"} with the key hint the first four bytes of
 * the log ID (Rekor's ECDSA note verifier; the public-good bundles show {@code c0d23d6a}, the log ID's first bytes).
 */
public final class TestRekor {
    private final KeyPair keys;
    private final byte[] logId;
    private final String host;
    private final long treeId;
    private final long indexOffset;
    private final Clock clock;
    private final MerkleTree tree = new MerkleTree();

    private TestRekor(String host, long treeId, long indexOffset, Clock clock) {
        this.keys = Encodings.p256();
        this.logId = Encodings.sha256(keys.getPublic().getEncoded());
        this.host = host;
        this.treeId = treeId;
        this.indexOffset = indexOffset;
        this.clock = clock;
    }

    /**
     * A log at {@code https://<host>}; {@code indexOffset} is the global index of this shard's first entry (public-good
     * Rekor's entries carry a global {@code logIndex} and a smaller tree-local {@code inclusionProof.logIndex}).
     */
    public static TestRekor create(String host, long indexOffset, Clock clock) {
        return new TestRekor(host, 1193050959916656506L, indexOffset, clock);
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    public byte[] logId() {
        return logId.clone();
    }

    public String baseUrl() {
        return "https://" + host;
    }

    /** The checkpoint origin line: {@code "<host> - <tree id>"}. */
    public String origin() {
        return host + " - " + treeId;
    }

    /** Logs a canonical body; the proof and checkpoint are for the tree right after this entry, as Rekor answers. */
    public synchronized RekorEntry append(String kind, String apiVersion, byte[] canonicalBody) {
        long treeIndex = tree.append(canonicalBody);
        long logIndex = indexOffset + treeIndex;
        long integratedTime = clock.instant().getEpochSecond();
        byte[] set = Encodings.ecdsaSha256(keys.getPrivate(), setPayload(canonicalBody, integratedTime, logId, logIndex));
        return new RekorEntry(logIndex, integratedTime, kind, apiVersion, canonicalBody.clone(), logId.clone(), set, prove(treeIndex, tree.size()));
    }

    /** A proof that leaf {@code treeIndex} is in the first {@code treeSize} entries, with that tree's checkpoint. */
    public synchronized RekorEntry.InclusionProof prove(long treeIndex, long treeSize) {
        byte[] root = tree.rootHash(treeSize);
        return new RekorEntry.InclusionProof(treeIndex, treeSize, root, tree.inclusionProof(treeIndex, treeSize), checkpoint(treeSize, root));
    }

    public long size() {
        return tree.size();
    }

    /** The bytes a SET signs: canonical JSON, keys sorted, logID in lower-case hex. */
    public static byte[] setPayload(byte[] body, long integratedTime, byte[] logId, long logIndex) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("body", Encodings.b64(body));
        payload.put("integratedTime", integratedTime);
        payload.put("logID", Encodings.hex(logId));
        payload.put("logIndex", logIndex);
        return Encodings.canonicalJson(payload);
    }

    /** A signed note over {@code "<origin>\n<size>\n<b64 root>\n"}, signed by this log, for any size and root. */
    public String checkpoint(long treeSize, byte[] rootHash) {
        String note = origin() + "\n" + treeSize + "\n" + Encodings.b64(rootHash) + "\n";
        byte[] signature = Encodings.ecdsaSha256(keys.getPrivate(), note.getBytes(StandardCharsets.UTF_8));
        byte[] hinted = new byte[4 + signature.length];
        System.arraycopy(logId, 0, hinted, 0, 4);
        System.arraycopy(signature, 0, hinted, 4, signature.length);
        return note + "\n\u2014 " + host + " " + Encodings.b64(hinted) + "\n";
    }

    /** Recomputes a root from a leaf and its audit path (RFC 9162 §2.1.3.2), for consistency checks in tests. */
    public static byte[] rootFromProof(byte[] leaf, long index, long treeSize, List<byte[]> hashes) {
        byte[] hash = MerkleTree.leafHash(leaf);
        long fn = index;
        long sn = treeSize - 1;
        for (byte[] sibling : hashes) {
            if (sn == 0) {
                throw new IllegalArgumentException("recompute root: the audit path is longer than the tree is deep");
            }
            if ((fn & 1) == 1 || fn == sn) {
                hash = MerkleTree.nodeHash(sibling, hash);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                hash = MerkleTree.nodeHash(hash, sibling);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new IllegalArgumentException("recompute root: the audit path is shorter than the tree is deep");
        }
        return hash;
    }

    @Override
    public String toString() {
        return "TestRekor[" + origin() + ", " + tree.size() + " entries, logID " + Encodings.hex(Arrays.copyOf(logId, 4)) + "…]";
    }
}

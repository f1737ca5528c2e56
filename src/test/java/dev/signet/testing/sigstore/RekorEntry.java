package dev.signet.testing.sigstore;

import java.util.List;

/**
 * One Rekor v1 log entry as Rekor answers for it, and as a Sigstore bundle's {@code tlogEntries[]} and cosign's
 * {@code dev.sigstore.cosign/bundle} annotation carry it.
 *
 * @param logIndex the index the SET signs (Rekor's global index: tree index plus the shard's offset)
 * @param integratedTime seconds since the epoch
 * @param body the canonical body, the Merkle leaf
 * @param logId SHA-256 of the log key's SubjectPublicKeyInfo DER
 * @param signedEntryTimestamp ECDSA over {@link TestRekor#setPayload}
 */
public record RekorEntry(long logIndex, long integratedTime, String kind, String apiVersion, byte[] body, byte[] logId, byte[] signedEntryTimestamp,
        InclusionProof inclusionProof) {

    /**
     * An RFC 6962 inclusion proof with the signed checkpoint that commits to its root.
     *
     * @param logIndex the leaf's index in this tree (without the shard offset)
     * @param hashes the audit path, leaf level first
     * @param checkpoint the signed note ({@code inclusionProof.checkpoint.envelope})
     */
    public record InclusionProof(long logIndex, long treeSize, byte[] rootHash, List<byte[]> hashes, String checkpoint) {
        public InclusionProof {
            hashes = List.copyOf(hashes);
        }
    }

    /** The same entry with another SET, e.g. a forged one. */
    public RekorEntry withSignedEntryTimestamp(byte[] set) {
        return new RekorEntry(logIndex, integratedTime, kind, apiVersion, body, logId, set, inclusionProof);
    }

    /** The same entry with another inclusion proof. */
    public RekorEntry withInclusionProof(InclusionProof proof) {
        return new RekorEntry(logIndex, integratedTime, kind, apiVersion, body, logId, signedEntryTimestamp, proof);
    }
}

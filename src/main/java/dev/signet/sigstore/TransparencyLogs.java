package dev.signet.sigstore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks that a transparency-log entry was logged by a trusted log: Rekor v1's SignedEntryTimestamp (the log's
 * signature over the canonical JSON of body, integrated time, log ID and index, which then vouches for the integrated
 * time), and the RFC 6962 inclusion proof up to a checkpoint the log signed. For a sharded log the proof's index is
 * the entry's place in its shard, not the global {@code logIndex}; the proof is computed with the former.
 */
final class TransparencyLogs {

    private TransparencyLogs() {
    }

    /**
     * @param requireInclusionProof bundles v0.2 and later must carry one (a SET alone is v0.1's proof)
     * @return the integrated time, when a SET from a log trusted at that time vouches for it
     */
    static Optional<Instant> verify(TlogEntry entry, TrustedRoot root, boolean requireInclusionProof, String subject) {
        TrustedRoot.LogKey log = root.tlog(entry.logId())
                .orElseThrow(() -> tlog(subject, "the entry's log " + Base64.getEncoder().encodeToString(entry.logId()) + " is not a trusted transparency log"));
        Optional<Instant> integrated = Optional.empty();
        if (entry.signedEntryTimestamp().isPresent()) {
            Instant time = Instant.ofEpochSecond(entry.integratedTime());
            if (!root.verifies(log.key(), setPayload(entry), entry.signedEntryTimestamp().get())) {
                throw tlog(subject, "the signed entry timestamp does not verify with the key of " + log.baseUrl());
            }
            if (!log.validFor().contains(time)) {
                throw tlog(subject, "log " + log.baseUrl() + " was trusted " + log.validFor() + ", not at the integrated time " + time);
            }
            integrated = Optional.of(time);
        }
        if (entry.inclusionProof().isPresent()) {
            inclusion(entry, entry.inclusionProof().get(), log, root, subject);
        } else if (requireInclusionProof || entry.signedEntryTimestamp().isEmpty()) {
            throw tlog(subject, "the entry carries no inclusion proof");
        }
        return integrated;
    }

    private static void inclusion(TlogEntry entry, TlogEntry.InclusionProof proof, TrustedRoot.LogKey log, TrustedRoot root, String subject) {
        byte[] computed = Merkle.rootFromInclusionProof(proof.logIndex(), proof.treeSize(), Merkle.leafHash(entry.body()), proof.hashes());
        if (computed == null || !Arrays.equals(computed, proof.rootHash())) {
            throw tlog(subject, "the inclusion proof does not lead to its root hash");
        }
        if (proof.checkpoint().isEmpty()) {
            throw tlog(subject, "the inclusion proof carries no checkpoint");
        }
        Checkpoint checkpoint = Checkpoint.verify(proof.checkpoint(), log, root, subject);
        if (!Arrays.equals(checkpoint.rootHash(), proof.rootHash()) || checkpoint.size() != proof.treeSize()) {
            throw tlog(subject, "the checkpoint commits to another tree than the inclusion proof");
        }
    }

    /** Rekor's SET payload: canonical JSON, keys sorted, no spaces. */
    private static byte[] setPayload(TlogEntry entry) {
        String json = "{\"body\":\"" + Base64.getEncoder().encodeToString(entry.body()) + "\",\"integratedTime\":" + entry.integratedTime()
                + ",\"logID\":\"" + entry.logIdHex() + "\",\"logIndex\":" + entry.logIndex() + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static SigstoreException tlog(String subject, String cause) {
        return new SigstoreException(SigstoreException.Check.TLOG, subject, cause);
    }
}

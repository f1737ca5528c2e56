package dev.signet.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One transparency-log entry as a bundle or cosign's {@code dev.sigstore.cosign/bundle} annotation carries it: the
 * canonicalized body the log stored, where it is (index, log ID) and the proof (SET, inclusion proof with
 * checkpoint). Read, not trusted: {@link TransparencyLogs} checks it.
 *
 * @param integratedTime seconds since the epoch; 0 for Rekor v2 entries, which have none
 * @param signedEntryTimestamp Rekor v1's promise of inclusion, empty when absent
 */
public record TlogEntry(long logIndex, byte[] logId, String kind, String version, long integratedTime, byte[] body,
        Optional<byte[]> signedEntryTimestamp, Optional<InclusionProof> inclusionProof) {

    public TlogEntry {
        logId = logId.clone();
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        body = body.clone();
        Objects.requireNonNull(signedEntryTimestamp, "signedEntryTimestamp");
        Objects.requireNonNull(inclusionProof, "inclusionProof");
    }

    /** An RFC 6962 inclusion proof and the signed checkpoint (signed note) its root is committed in. */
    public record InclusionProof(long logIndex, byte[] rootHash, long treeSize, List<byte[]> hashes, String checkpoint) {
        public InclusionProof {
            rootHash = rootHash.clone();
            hashes = hashes.stream().map(byte[]::clone).toList();
            Objects.requireNonNull(checkpoint, "checkpoint");
        }
    }

    @Override
    public byte[] logId() {
        return logId.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Whether this is a Rekor v2 entry (no integrated time, no SET; a timestamp authority gives the time). */
    public boolean rekorV2() {
        return integratedTime == 0 && signedEntryTimestamp.isEmpty();
    }

    /** The log ID as hex, as Rekor's SET payload and cosign's annotation write it. */
    public String logIdHex() {
        return HexFormat.of().formatHex(logId);
    }

    /** Reads a bundle's {@code tlogEntries[i]} (protobuf JSON: 64-bit numbers as strings, bytes as base64). */
    static TlogEntry fromBundle(JsonNode entry, String subject) {
        // protobuf JSON leaves out fields with their zero value: an absent index is entry 0, not a malformed entry
        long logIndex = entry.path("logIndex").isMissingNode() ? 0 : number(entry.path("logIndex"), subject, "logIndex");
        byte[] logId = bytes(entry.path("logId").path("keyId"), subject, "logId.keyId");
        JsonNode kindVersion = entry.path("kindVersion");
        long integratedTime = entry.path("integratedTime").isMissingNode() ? 0 : number(entry.path("integratedTime"), subject, "integratedTime");
        byte[] body = bytes(entry.path("canonicalizedBody"), subject, "canonicalizedBody");
        JsonNode promise = entry.path("inclusionPromise").path("signedEntryTimestamp");
        Optional<byte[]> set = promise.isMissingNode() ? Optional.empty() : Optional.of(bytes(promise, subject, "signedEntryTimestamp"));
        JsonNode proof = entry.path("inclusionProof");
        Optional<InclusionProof> inclusion = Optional.empty();
        if (proof.isObject()) {
            List<byte[]> hashes = new java.util.ArrayList<>();
            for (JsonNode hash : proof.path("hashes")) {
                hashes.add(bytes(hash, subject, "inclusionProof.hashes"));
            }
            long proofIndex = proof.path("logIndex").isMissingNode() ? 0 : number(proof.path("logIndex"), subject, "inclusionProof.logIndex");
            inclusion = Optional.of(new InclusionProof(proofIndex,
                    bytes(proof.path("rootHash"), subject, "inclusionProof.rootHash"), number(proof.path("treeSize"), subject, "inclusionProof.treeSize"),
                    hashes, proof.path("checkpoint").path("envelope").asText("")));
        }
        return new TlogEntry(logIndex, logId, kindVersion.path("kind").asText(""), kindVersion.path("version").asText(""), integratedTime, body, set,
                inclusion);
    }

    /**
     * Reads cosign's {@code dev.sigstore.cosign/bundle} annotation: {@code {"SignedEntryTimestamp": b64, "Payload":
     * {"body": b64, "integratedTime": n, "logIndex": n, "logID": hex}}}. The kind is read from the body.
     */
    public static TlogEntry fromCosignAnnotation(JsonNode annotation, String subject) {
        JsonNode payload = annotation.path("Payload");
        byte[] body = bytes(payload.path("body"), subject, "Payload.body");
        byte[] logId;
        try {
            logId = HexFormat.of().parseHex(payload.path("logID").asText(""));
        } catch (IllegalArgumentException e) {
            throw format(subject, "Payload.logID is not hex");
        }
        JsonNode parsed;
        try {
            parsed = dev.signet.json.Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw format(subject, "the logged body is not JSON");
        }
        return new TlogEntry(number(payload.path("logIndex"), subject, "Payload.logIndex"), logId, parsed.path("kind").asText(""),
                parsed.path("apiVersion").asText(""), number(payload.path("integratedTime"), subject, "Payload.integratedTime"), body,
                Optional.of(bytes(annotation.path("SignedEntryTimestamp"), subject, "SignedEntryTimestamp")), Optional.empty());
    }

    private static long number(JsonNode node, String subject, String field) {
        long value;
        if (node.isIntegralNumber()) {
            value = node.asLong();
        } else if (node.isTextual()) {
            try {
                value = Long.parseLong(node.asText());
            } catch (NumberFormatException e) {
                throw format(subject, field + " is not a number");
            }
        } else {
            throw format(subject, field + " is missing");
        }
        if (value < 0) {
            throw format(subject, field + " is negative");
        }
        return value;
    }

    private static byte[] bytes(JsonNode node, String subject, String field) {
        return BundleDocument.base64(node, subject, "transparency-log entry: " + field);
    }

    private static SigstoreException format(String subject, String cause) {
        return new SigstoreException(SigstoreException.Check.FORMAT, subject, "transparency-log entry: " + cause);
    }
}

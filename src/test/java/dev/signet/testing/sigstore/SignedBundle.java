package dev.signet.testing.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A Sigstore bundle v0.3 ({@code application/vnd.dev.sigstore.bundle.v0.3+json}) as {@code cosign sign
 * --new-bundle-format} and {@code @sigstore/sign} write it: the leaf certificate, one Rekor v1 entry with SET,
 * inclusion proof and checkpoint, and the content (a {@code messageSignature} or a {@code dsseEnvelope}). Kept as its
 * parts so a test can swap one (a forged SET, another proof) and render the bundle again.
 *
 * @param contentField {@code messageSignature} or {@code dsseEnvelope}
 */
public record SignedBundle(FulcioCertificate signer, RekorEntry entry, String contentField, JsonNode content) {
    public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The same bundle around another log entry. */
    public SignedBundle withEntry(RekorEntry other) {
        return new SignedBundle(signer, other, contentField, content);
    }

    /** The bundle's JSON in the protobuf-specs field names, 64-bit integers as strings. */
    public byte[] json() {
        return toJson().toPrettyString().getBytes(StandardCharsets.UTF_8);
    }

    public ObjectNode toJson() {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("mediaType", MEDIA_TYPE);
        ObjectNode material = bundle.putObject("verificationMaterial");
        material.putObject("certificate").put("rawBytes", Encodings.b64(signer.der()));
        material.putArray("tlogEntries").add(tlogEntry(entry));
        bundle.set(contentField, content.deepCopy());
        return bundle;
    }

    /** One {@code TransparencyLogEntry} in its JSON form. */
    public static ObjectNode tlogEntry(RekorEntry entry) {
        ObjectNode tlog = JSON.createObjectNode();
        tlog.put("logIndex", Long.toString(entry.logIndex()));
        tlog.putObject("logId").put("keyId", Encodings.b64(entry.logId()));
        tlog.putObject("kindVersion").put("kind", entry.kind()).put("version", entry.apiVersion());
        tlog.put("integratedTime", Long.toString(entry.integratedTime()));
        tlog.putObject("inclusionPromise").put("signedEntryTimestamp", Encodings.b64(entry.signedEntryTimestamp()));
        RekorEntry.InclusionProof proof = entry.inclusionProof();
        ObjectNode inclusion = tlog.putObject("inclusionProof");
        inclusion.put("logIndex", Long.toString(proof.logIndex()));
        inclusion.put("rootHash", Encodings.b64(proof.rootHash()));
        inclusion.put("treeSize", Long.toString(proof.treeSize()));
        ArrayNode hashes = inclusion.putArray("hashes");
        proof.hashes().forEach(h -> hashes.add(Encodings.b64(h)));
        inclusion.putObject("checkpoint").put("envelope", proof.checkpoint());
        tlog.put("canonicalizedBody", Encodings.b64(entry.body()));
        return tlog;
    }
}

package dev.signet.testing.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A Sigstore bundle v0.3 ({@code application/vnd.dev.sigstore.bundle.v0.3+json}) as {@code cosign sign
 * --new-bundle-format} and {@code @sigstore/sign} write it: the leaf certificate, one Rekor v1 entry with SET,
 * inclusion proof and checkpoint, and the content (a {@code messageSignature} or a {@code dsseEnvelope}). Kept as its
 * parts so a test can swap one (a forged SET, another proof) and render the bundle again.
 *
 * @param contentField {@code messageSignature} or {@code dsseEnvelope}
 * @param rfc3161Timestamp a DER {@code TimeStampResp} over the signature, or null for none (Rekor v1's integrated time
 *     is then the only time)
 */
public record SignedBundle(FulcioCertificate signer, RekorEntry entry, String contentField, JsonNode content, byte[] rfc3161Timestamp) {
    public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    public static final String MEDIA_TYPE_V02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
    private static final ObjectMapper JSON = new ObjectMapper();

    public SignedBundle(FulcioCertificate signer, RekorEntry entry, String contentField, JsonNode content) {
        this(signer, entry, contentField, content, null);
    }

    /** The same bundle around another log entry. */
    public SignedBundle withEntry(RekorEntry other) {
        return new SignedBundle(signer, other, contentField, content, rfc3161Timestamp);
    }

    /** The same bundle with an RFC 3161 timestamp in {@code timestampVerificationData}. */
    public SignedBundle withTimestamp(byte[] timestampResponse) {
        return new SignedBundle(signer, entry, contentField, content, timestampResponse);
    }

    /** The signature bytes the content carries: what the log entry names and a TSA timestamps. */
    public byte[] signature() {
        String b64 = "messageSignature".equals(contentField) ? content.get("signature").asText() : content.at("/signatures/0/sig").asText();
        return Base64.getDecoder().decode(b64);
    }

    /** The bundle's JSON in the protobuf-specs field names, 64-bit integers as strings. */
    public byte[] json() {
        return toJson().toPrettyString().getBytes(StandardCharsets.UTF_8);
    }

    public ObjectNode toJson() {
        return toJson(false);
    }

    /**
     * The same content as a bundle v0.2 ({@code application/vnd.dev.sigstore.bundle+json;version=0.2}), which holds
     * the leaf in {@code x509CertificateChain} instead of {@code certificate}, as {@code @sigstore/sign} 4 wrote it.
     */
    public byte[] jsonV02() {
        return toJson(true).toPrettyString().getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode toJson(boolean v02) {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("mediaType", v02 ? MEDIA_TYPE_V02 : MEDIA_TYPE);
        ObjectNode material = bundle.putObject("verificationMaterial");
        if (v02) {
            material.putObject("x509CertificateChain").putArray("certificates").addObject().put("rawBytes", Encodings.b64(signer.der()));
        } else {
            material.putObject("certificate").put("rawBytes", Encodings.b64(signer.der()));
        }
        material.putArray("tlogEntries").add(tlogEntry(entry));
        if (rfc3161Timestamp != null) {
            material.putObject("timestampVerificationData").putArray("rfc3161Timestamps").addObject()
                    .put("signedTimestamp", Encodings.b64(rfc3161Timestamp));
        }
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

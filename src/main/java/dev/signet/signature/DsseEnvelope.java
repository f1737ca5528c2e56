package dev.signet.signature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.json.Json;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A DSSE envelope (secure-systems-lab/dsse envelope.md): payload type, payload bytes and one or more signatures,
 * each over PAE(type, payload). Kept with its exact bytes, which are the {@code .att} layer blob cosign writes:
 * {@code {"payloadType":T,"payload":B64,"signatures":[{"keyid":"","sig":B64}]}}.
 */
public final class DsseEnvelope {
    /** An SBOM attestation envelope runs to megabytes; far larger blobs are refused unread. */
    public static final int MAX_ENVELOPE_BYTES = 16 * 1024 * 1024;
    static final int MAX_SIGNATURES = 16;

    /** One signature: the optional key id and the raw signature bytes. */
    public record Signature(String keyId, byte[] sig) {
    }

    private final byte[] bytes;
    private final String payloadType;
    private final byte[] payload;
    private final List<Signature> signatures;

    private DsseEnvelope(byte[] bytes, String payloadType, byte[] payload, List<Signature> signatures) {
        this.bytes = bytes;
        this.payloadType = payloadType;
        this.payload = payload;
        this.signatures = List.copyOf(signatures);
    }

    /** Signs {@code payload} with one key, writing the envelope as cosign's legacy attestations hold it. */
    public static DsseEnvelope sign(String payloadType, byte[] payload, SigningKey key) {
        byte[] sig = key.sign(Dsse.pae(payloadType, payload));
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder json = new StringBuilder(payload.length * 4 / 3 + 256);
        json.append("{\"payloadType\":");
        GoJson.quote(json, payloadType);
        json.append(",\"payload\":\"").append(b64.encodeToString(payload)).append("\",\"signatures\":[{\"keyid\":\"\",\"sig\":\"")
                .append(b64.encodeToString(sig)).append("\"}]}");
        return new DsseEnvelope(json.toString().getBytes(StandardCharsets.UTF_8), payloadType, payload.clone(), List.of(new Signature("", sig)));
    }

    /** Reads an envelope from its JSON; the payload stays unread until a signature verifies. */
    public static DsseEnvelope parse(byte[] bytes, String subject) {
        if (bytes.length > MAX_ENVELOPE_BYTES) {
            throw new SignatureFormatException("parse envelope", subject, "envelope of " + bytes.length + " bytes exceeds " + MAX_ENVELOPE_BYTES);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new SignatureFormatException("parse envelope", subject, "not JSON");
        }
        return fromTree(root == null ? Json.mapper().nullNode() : root, bytes.clone(), subject);
    }

    /** Reads the {@code dsseEnvelope} object of a Sigstore bundle ({@code bytes} are the bundle's). */
    static DsseEnvelope fromTree(JsonNode envelope, byte[] bytes, String subject) {
        if (!envelope.isObject()) {
            throw new SignatureFormatException("parse envelope", subject, "not a JSON object");
        }
        JsonNode signatures = envelope.path("signatures");
        if (!signatures.isArray() || signatures.isEmpty()) {
            throw new SignatureFormatException("parse envelope", subject, "envelope has no signatures");
        }
        if (signatures.size() > MAX_SIGNATURES) {
            throw new SignatureFormatException("parse envelope", subject, "envelope has " + signatures.size() + " signatures, more than " + MAX_SIGNATURES);
        }
        try {
            byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText(""));
            List<Signature> parsed = new ArrayList<>();
            for (JsonNode signature : signatures) {
                parsed.add(new Signature(signature.path("keyid").asText(""), Base64.getDecoder().decode(signature.path("sig").asText(""))));
            }
            if (payload.length == 0) {
                throw new SignatureFormatException("parse envelope", subject, "envelope has no payload");
            }
            return new DsseEnvelope(bytes, envelope.path("payloadType").asText(""), payload, parsed);
        } catch (IllegalArgumentException e) {
            throw new SignatureFormatException("parse envelope", subject, "payload or signature is not valid base64");
        }
    }

    /** Whether any of the envelope's signatures verifies over PAE(payloadType, payload) with {@code key}. */
    public boolean verifiedBy(VerificationKey key) {
        byte[] pae = Dsse.pae(payloadType, payload);
        return signatures.stream().anyMatch(signature -> key.verify(pae, signature.sig()));
    }

    /**
     * The in-toto statement, read only once {@code key} verified a signature; empty when none does.
     *
     * @throws SignatureFormatException when a verified payload is not in-toto or not a statement
     */
    public Optional<InTotoStatement> verifiedStatement(VerificationKey key, String subject) {
        if (!verifiedBy(key)) {
            return Optional.empty();
        }
        if (!BundleFormat.IN_TOTO_PAYLOAD_TYPE.equals(payloadType)) {
            throw new SignatureFormatException("read attestation", subject, "payloadType " + SignetException.quote(payloadType)
                    + " is not " + BundleFormat.IN_TOTO_PAYLOAD_TYPE + " (cosign refuses it too)");
        }
        return Optional.of(InTotoStatement.parse(payload, subject));
    }

    /** The exact bytes the envelope was read from (a bundle's bytes, for one inside a bundle). */
    public byte[] bytes() {
        return bytes.clone();
    }

    public String payloadType() {
        return payloadType;
    }

    /** The payload bytes, unverified: only for display after a check passed. */
    public byte[] payload() {
        return payload.clone();
    }

    public List<Signature> signatures() {
        return signatures;
    }

    /**
     * The envelope as cosign's verify-attestation prints it: the stored JSON for a legacy layer; for a bundle, the
     * envelope as Go's encoding/json writes the protobuf struct ({@code payload}, {@code payloadType},
     * {@code signatures} with {@code sig} and a non-empty {@code keyid}).
     */
    public String toJsonLine() {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder json = new StringBuilder(payload.length * 4 / 3 + 128);
        json.append("{\"payload\":\"").append(b64.encodeToString(payload)).append("\",\"payloadType\":");
        GoJson.quote(json, payloadType);
        json.append(",\"signatures\":[");
        for (int i = 0; i < signatures.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"sig\":\"").append(b64.encodeToString(signatures.get(i).sig())).append('"');
            if (!signatures.get(i).keyId().isEmpty()) {
                json.append(",\"keyid\":");
                GoJson.quote(json, signatures.get(i).keyId());
            }
            json.append('}');
        }
        return json.append("]}").toString();
    }
}

package dev.signet.signature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.json.Json;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Digests;
import dev.signet.reference.Digest;
import dev.signet.reference.DigestAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Sigstore bundle v0.3 holding a DSSE envelope over an in-toto statement: cosign v3's image signature
 * (cosign-formats.md §3). Kept as its exact bytes: cosign writes protojson with spaces after commas, and the
 * signature covers the statement bytes inside, never a re-serialisation.
 *
 * <p>{@link #verifiedStatement} checks the DSSE signature over PAE before the statement is parsed.
 */
public final class SigstoreBundle {
    /** Bundles with certificates and log entries stay well below this; larger blobs are refused unread. */
    public static final int MAX_BUNDLE_BYTES = 1024 * 1024;
    /** cosign writes one signature per envelope; DSSE allows several, but not the thousands a bundle could hold. */
    static final int MAX_SIGNATURES = 16;

    private final byte[] bytes;
    private final String hint;
    private final String payloadType;
    private final byte[] payload;
    private final List<byte[]> signatures;
    private final Digest digest;

    private SigstoreBundle(byte[] bytes, String hint, String payloadType, byte[] payload, List<byte[]> signatures) {
        this.bytes = bytes;
        this.digest = Digests.sha256(bytes);
        this.hint = hint;
        this.payloadType = payloadType;
        this.payload = payload;
        this.signatures = signatures;
    }

    /**
     * Signs {@code image} as {@code cosign sign --key} v3 does: an in-toto Statement v1 with subject
     * {@code [{"digest":{"sha256":..},"annotations":{..}}]} and predicate type {@code https://sigstore.dev/cosign/sign/v1},
     * in a DSSE envelope, in a v0.3 bundle whose public-key hint names the key.
     */
    public static SigstoreBundle sign(Digest image, Map<String, String> annotations, SigningKey key) {
        return signStatement(statement(image, annotations), key);
    }

    /** Signs any in-toto statement's exact bytes into a v0.3 bundle: what {@code cosign attest --new-bundle-format} stores. */
    public static SigstoreBundle signStatement(byte[] statement, SigningKey key) {
        byte[] signature = key.sign(Dsse.pae(BundleFormat.IN_TOTO_PAYLOAD_TYPE, statement));
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder json = new StringBuilder(512);
        json.append("{\"mediaType\":");
        GoJson.quote(json, BundleFormat.BUNDLE_V03);
        json.append(",\"verificationMaterial\":{\"publicKey\":{\"hint\":");
        GoJson.quote(json, key.verificationKey().hint());
        json.append("}},\"dsseEnvelope\":{\"payload\":\"").append(b64.encodeToString(statement))
                .append("\",\"payloadType\":");
        GoJson.quote(json, BundleFormat.IN_TOTO_PAYLOAD_TYPE);
        json.append(",\"signatures\":[{\"sig\":\"").append(b64.encodeToString(signature)).append("\"}]}}");
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        return new SigstoreBundle(bytes, key.verificationKey().hint(), BundleFormat.IN_TOTO_PAYLOAD_TYPE, statement, List.of(signature));
    }

    private static byte[] statement(Digest image, Map<String, String> annotations) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"_type\":\"").append(BundleFormat.STATEMENT_V1).append("\",\"subject\":[{\"digest\":{\"")
                .append(image.algorithm().identifier()).append("\":\"").append(image.hex()).append("\"},\"annotations\":{");
        boolean first = true;
        for (Map.Entry<String, String> entry : new TreeMap<>(annotations).entrySet()) {
            json.append(first ? "" : ",");
            GoJson.quote(json, entry.getKey());
            json.append(':');
            GoJson.quote(json, entry.getValue());
            first = false;
        }
        json.append("}}],\"predicateType\":\"").append(BundleFormat.COSIGN_SIGN_PREDICATE).append("\",\"predicate\":{}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a bundle's envelope; the statement inside stays unread until its signature verifies. */
    public static SigstoreBundle parse(byte[] bytes, String subject) {
        if (bytes.length > MAX_BUNDLE_BYTES) {
            throw new SignatureFormatException("parse bundle", subject, "bundle of " + bytes.length + " bytes exceeds " + MAX_BUNDLE_BYTES);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new SignatureFormatException("parse bundle", subject, "not JSON");
        }
        String mediaType = root.path("mediaType").asText("");
        if (!mediaType.startsWith("application/vnd.dev.sigstore.bundle")) {
            throw new SignatureFormatException("parse bundle", subject, "mediaType " + SignetException.quote(mediaType) + " is not a Sigstore bundle");
        }
        JsonNode envelope = root.path("dsseEnvelope");
        if (!envelope.isObject()) {
            throw new SignatureFormatException("parse bundle", subject, "bundle holds no DSSE envelope (a messageSignature bundle signs a blob, not an image)");
        }
        // each signature is checked against each trusted key: a 1 MiB bundle holds thousands, seconds of ECDSA
        if (envelope.path("signatures").size() > MAX_SIGNATURES) {
            throw new SignatureFormatException("parse bundle", subject, "DSSE envelope has " + envelope.path("signatures").size()
                    + " signatures, more than " + MAX_SIGNATURES);
        }
        try {
            byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText(""));
            List<byte[]> signatures = new ArrayList<>();
            for (JsonNode signature : envelope.path("signatures")) {
                signatures.add(Base64.getDecoder().decode(signature.path("sig").asText("")));
            }
            if (signatures.isEmpty() || payload.length == 0) {
                throw new SignatureFormatException("parse bundle", subject, "DSSE envelope has no payload or no signatures");
            }
            JsonNode hint = root.path("verificationMaterial").path("publicKey").path("hint");
            return new SigstoreBundle(bytes.clone(), hint.isTextual() ? hint.asText() : null,
                    envelope.path("payloadType").asText(""), payload, List.copyOf(signatures));
        } catch (IllegalArgumentException e) {
            throw new SignatureFormatException("parse bundle", subject, "DSSE payload or signature is not valid base64");
        }
    }

    /**
     * Verifies a DSSE signature over PAE(payloadType, payload) with {@code key}, and only then parses the statement.
     * Empty when no signature verifies; a verified statement that does not parse is an error.
     */
    public Optional<SignedStatement> verifiedStatement(VerificationKey key) {
        byte[] pae = Dsse.pae(payloadType, payload);
        if (signatures.stream().noneMatch(signature -> key.verify(pae, signature))) {
            return Optional.empty();
        }
        if (!BundleFormat.IN_TOTO_PAYLOAD_TYPE.equals(payloadType)) {
            throw new SignatureFormatException("parse statement", digest().toString(), "payloadType " + SignetException.quote(payloadType) + " is not in-toto");
        }
        return Optional.of(parseStatement());
    }

    private SignedStatement parseStatement() {
        String subject = digest().toString();
        JsonNode root;
        try {
            root = Json.mapper().readTree(payload);
        } catch (IOException e) {
            throw new SignatureFormatException("parse statement", subject, "not JSON");
        }
        String type = root.path("_type").asText("");
        // exactly v0.1 or v1: a later version's semantics are unknown and must not be read as v1 (sigstore-conformance)
        if (!type.equals(InTotoStatement.V01) && !type.equals(InTotoStatement.V1)) {
            throw new SignatureFormatException("parse statement", subject, "_type " + SignetException.quote(type)
                    + " is not an in-toto statement (v0.1 or v1)");
        }
        List<Digest> digests = new ArrayList<>();
        Map<String, String> annotations = new TreeMap<>();
        for (JsonNode entry : root.path("subject")) {
            entry.path("digest").fields().forEachRemaining(field -> DigestAlgorithm.fromIdentifier(field.getKey())
                    .filter(algorithm -> field.getValue().isTextual())
                    .ifPresent(algorithm -> digests.add(subjectDigest(algorithm, field.getValue().asText(), subject))));
            if (annotations.isEmpty()) {
                // only string values are annotations a policy can require: 1 or true is not the string "1" or "true"
                entry.path("annotations").fields().forEachRemaining(field -> {
                    if (field.getValue().isTextual()) {
                        annotations.put(field.getKey(), field.getValue().asText());
                    }
                });
            }
        }
        return new SignedStatement(root.path("predicateType").asText(""), digests, annotations);
    }

    private static Digest subjectDigest(DigestAlgorithm algorithm, String hex, String subject) {
        try {
            return Digest.of(algorithm, hex);
        } catch (RuntimeException e) {
            throw new SignatureFormatException("parse statement", subject, "subject digest " + SignetException.quote(hex) + " is not " + algorithm.identifier() + " hex");
        }
    }

    /** The bundle's DSSE envelope, for attestations: its statement is read only through a verified signature. */
    public DsseEnvelope envelope() {
        try {
            return DsseEnvelope.fromTree(Json.mapper().readTree(bytes).path("dsseEnvelope"), bytes.clone(), digest.toString());
        } catch (IOException e) {
            throw new SignatureFormatException("parse bundle", digest.toString(), "not JSON");
        }
    }

    /** The exact bundle bytes, as stored in the registry. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** sha256 of the exact bytes: the layer digest. */
    public Digest digest() {
        return digest;
    }

    /** The public-key hint (base64 SHA-256 of the signer's SPKI), if the bundle carries one. */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    @Override
    public String toString() {
        return "SigstoreBundle[" + bytes.length + " bytes, hint=" + hint + "]";
    }
}

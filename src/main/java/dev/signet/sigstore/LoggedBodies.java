package dev.signet.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.json.Json;
import dev.signet.keys.KeyException;
import dev.signet.keys.PemKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Matches a log entry's body against the signature it is meant to prove: the same signature bytes, the same
 * certificate or key, and the same content. Kinds read: {@code hashedrekord} 0.0.1 and 0.0.2 (Rekor v2), {@code dsse}
 * 0.0.1 and 0.0.2, {@code intoto} 0.0.2 (what cosign v2 {@code attest} logs); any other kind is refused by name.
 */
final class LoggedBodies {

    private LoggedBodies() {
    }

    /**
     * @param verifierDer the certificate's DER, or the public key's SPKI DER
     */
    static void check(TlogEntry entry, SignedContent content, byte[] verifierDer, String subject) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(entry.body());
        } catch (IOException e) {
            throw mismatch(subject, "the logged body is not JSON");
        }
        String kind = body.path("kind").asText("");
        String version = body.path("apiVersion").asText("");
        if (!kind.equals(entry.kind()) || !version.equals(entry.version())) {
            throw mismatch(subject, "the entry says " + entry.kind() + " " + entry.version() + " but its body is " + SignetException.quote(kind) + " "
                    + SignetException.quote(version));
        }
        JsonNode spec = body.path("spec");
        switch (kind + " " + version) {
            case "hashedrekord 0.0.1" -> hashedRekordV1(spec, content, verifierDer, subject);
            case "hashedrekord 0.0.2" -> hashedRekordV2(spec.path("hashedRekordV002"), content, verifierDer, subject);
            case "dsse 0.0.1" -> dsseV1(spec, envelope(content, kind, subject), verifierDer, subject);
            case "dsse 0.0.2" -> dsseV2(spec.path("dsseV002"), envelope(content, kind, subject), verifierDer, subject);
            case "intoto 0.0.2" -> intotoV2(spec.path("content"), envelope(content, kind, subject), verifierDer, subject);
            default -> throw mismatch(subject, "log entry kind " + SignetException.quote(kind + " " + version) + " is not one Signet reads");
        }
    }

    private static void hashedRekordV1(JsonNode spec, SignedContent content, byte[] verifierDer, String subject) {
        byte[] digest = digestOf(content);
        JsonNode hash = spec.path("data").path("hash");
        if (!"sha256".equals(hash.path("algorithm").asText()) || !HexFormat.of().formatHex(digest).equals(hash.path("value").asText())) {
            throw mismatch(subject, "the logged hashedrekord is over another artifact");
        }
        requireSignature(decode(spec.path("signature").path("content"), subject), content.signature(), subject);
        requireVerifier(pemDer(decode(spec.path("signature").path("publicKey").path("content"), subject), subject), verifierDer, subject);
    }

    private static void hashedRekordV2(JsonNode spec, SignedContent content, byte[] verifierDer, String subject) {
        byte[] digest = digestOf(content);
        JsonNode data = spec.path("data");
        if (!"SHA2_256".equals(data.path("algorithm").asText()) || !Arrays.equals(decode(data.path("digest"), subject), digest)) {
            throw mismatch(subject, "the logged hashedrekord is over another artifact");
        }
        requireSignature(decode(spec.path("signature").path("content"), subject), content.signature(), subject);
        requireVerifier(verifierV2(spec.path("signature").path("verifier"), subject), verifierDer, subject);
    }

    private static void dsseV1(JsonNode spec, SignedContent.Envelope envelope, byte[] verifierDer, String subject) {
        requirePayloadHash(spec.path("payloadHash").path("algorithm").asText(), HexFormat.of().formatHex(TrustedRoot.sha256(envelope.payload())),
                spec.path("payloadHash").path("value").asText(), subject);
        List<byte[]> logged = new ArrayList<>();
        for (JsonNode signature : spec.path("signatures")) {
            logged.add(decode(signature.path("signature"), subject));
            requireVerifier(pemDer(decode(signature.path("verifier"), subject), subject), verifierDer, subject);
        }
        requireSignatures(logged, envelope, subject);
    }

    private static void dsseV2(JsonNode spec, SignedContent.Envelope envelope, byte[] verifierDer, String subject) {
        JsonNode hash = spec.path("payloadHash");
        if (!"SHA2_256".equals(hash.path("algorithm").asText()) || !Arrays.equals(decode(hash.path("digest"), subject), TrustedRoot.sha256(envelope.payload()))) {
            throw mismatch(subject, "the logged envelope has another payload");
        }
        List<byte[]> logged = new ArrayList<>();
        for (JsonNode signature : spec.path("signatures")) {
            logged.add(decode(signature.path("content"), subject));
            requireVerifier(verifierV2(signature.path("verifier"), subject), verifierDer, subject);
        }
        requireSignatures(logged, envelope, subject);
    }

    /**
     * intoto 0.0.2 stores the envelope's signatures base64-encoded once more. Rekor's canonical body leaves the payload
     * out and keeps its SHA-256 ({@code payloadHash}, what sigstore-js and sigstore-go compare); some clients and mocks
     * log the payload too, base64-encoded twice. Whichever is there must match, and one of them must be.
     */
    private static void intotoV2(JsonNode content, SignedContent.Envelope envelope, byte[] verifierDer, String subject) {
        JsonNode logged = content.path("envelope");
        if (!envelope.payloadType().equals(logged.path("payloadType").asText())) {
            throw mismatch(subject, "the logged envelope has another payload type");
        }
        JsonNode payloadHash = content.path("payloadHash");
        if (logged.path("payload").isMissingNode() && payloadHash.isMissingNode()) {
            throw mismatch(subject, "the logged intoto entry has neither the payload nor its hash");
        }
        if (!logged.path("payload").isMissingNode()
                && !Arrays.equals(decode(text(decode(logged.path("payload"), subject)), subject), envelope.payload())) {
            throw mismatch(subject, "the logged envelope has another payload");
        }
        if (!payloadHash.isMissingNode()) {
            requirePayloadHash(payloadHash.path("algorithm").asText(), HexFormat.of().formatHex(TrustedRoot.sha256(envelope.payload())),
                    payloadHash.path("value").asText(), subject);
        }
        List<byte[]> signatures = new ArrayList<>();
        for (JsonNode signature : logged.path("signatures")) {
            // cosign logs the signature base64-encoded twice, other clients once: a DER signature never decodes as base64 text
            byte[] once = decode(signature.path("sig"), subject);
            signatures.add(once.length > 0 && once[0] == 0x30 ? once : decode(text(once), subject));
            requireVerifier(pemDer(decode(signature.path("publicKey"), subject), subject), verifierDer, subject);
        }
        requireSignatures(signatures, envelope, subject);
    }

    private static byte[] digestOf(SignedContent content) {
        return content instanceof SignedContent.Message message ? message.sha256() : TrustedRoot.sha256(((SignedContent.Envelope) content).pae());
    }

    private static SignedContent.Envelope envelope(SignedContent content, String kind, String subject) {
        if (content instanceof SignedContent.Envelope envelope) {
            return envelope;
        }
        throw mismatch(subject, "a " + kind + " entry logs an envelope, but the signature is over a message");
    }

    private static void requirePayloadHash(String algorithm, String expected, String logged, String subject) {
        if (!"sha256".equals(algorithm) || !expected.equals(logged)) {
            throw mismatch(subject, "the logged envelope has another payload");
        }
    }

    private static void requireSignatures(List<byte[]> logged, SignedContent.Envelope envelope, String subject) {
        if (logged.size() != envelope.signatures().size()) {
            throw mismatch(subject, "the log recorded " + logged.size() + " signatures, the envelope has " + envelope.signatures().size());
        }
        for (byte[] signature : envelope.signatures()) {
            if (logged.stream().noneMatch(one -> Arrays.equals(one, signature))) {
                throw mismatch(subject, "the envelope's signature is not the one the log recorded");
            }
        }
    }

    private static void requireSignature(byte[] logged, byte[] signature, String subject) {
        if (!Arrays.equals(logged, signature)) {
            throw mismatch(subject, "the logged signature is not this signature");
        }
    }

    private static void requireVerifier(byte[] logged, byte[] verifierDer, String subject) {
        if (!Arrays.equals(logged, verifierDer)) {
            throw mismatch(subject, "the log recorded another certificate or key");
        }
    }

    private static byte[] verifierV2(JsonNode verifier, String subject) {
        JsonNode raw = verifier.has("x509Certificate") ? verifier.path("x509Certificate").path("rawBytes") : verifier.path("publicKey").path("rawBytes");
        return decode(raw, subject);
    }

    private static byte[] pemDer(byte[] pem, String subject) {
        try {
            var blocks = PemKeys.decode(new String(pem, StandardCharsets.UTF_8), subject);
            if (blocks.size() != 1) {
                throw mismatch(subject, "the logged verifier is not one PEM block");
            }
            return blocks.get(0).der();
        } catch (KeyException e) {
            throw mismatch(subject, "the logged verifier is not PEM");
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] decode(JsonNode node, String subject) {
        return decode(node.asText(""), subject);
    }

    private static byte[] decode(String base64, String subject) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw mismatch(subject, "a logged field is not base64");
        }
    }

    private static SigstoreException mismatch(String subject, String cause) {
        return new SigstoreException(SigstoreException.Check.TLOG, subject, cause);
    }
}

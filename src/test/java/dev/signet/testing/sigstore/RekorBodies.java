package dev.signet.testing.sigstore;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The canonical entry bodies Rekor v1 stores (and a verifier compares with the bundle), in the shapes of the frozen
 * {@code @sigstore/mock} run in {@code shared/vectors/keyless/mock/}: {@code hashedrekord} 0.0.1, {@code dsse} 0.0.1
 * and {@code intoto} 0.0.2. Keys sorted, no spaces; certificates as base64 of their PEM.
 */
public final class RekorBodies {
    private RekorBodies() {
    }

    /** A message signature over content with this SHA-256 digest, by the certificate or key in {@code pem}. */
    public static byte[] hashedrekord(byte[] sha256, byte[] signature, String pem) {
        return Encodings.canonicalJson(Map.of("apiVersion", "0.0.1", "kind", "hashedrekord", "spec", Map.of(
                "data", Map.of("hash", Map.of("algorithm", "sha256", "value", Encodings.hex(sha256))),
                "signature", Map.of("content", Encodings.b64(signature), "publicKey", Map.of("content", b64(pem))))));
    }

    /**
     * A DSSE envelope with one signature: {@code envelopeHash} is SHA-256 of the envelope as canonical JSON
     * ({@code {"payload":..,"payloadType":..,"signatures":[{"sig":..}]}}, checked against the mock vector),
     * {@code payloadHash} SHA-256 of the payload.
     */
    public static byte[] dsse(String payloadType, byte[] payload, byte[] signature, String pem) {
        byte[] envelope = Encodings.canonicalJson(Map.of("payload", Encodings.b64(payload), "payloadType", payloadType,
                "signatures", List.of(Map.of("sig", Encodings.b64(signature)))));
        return Encodings.canonicalJson(Map.of("apiVersion", "0.0.1", "kind", "dsse", "spec", Map.of(
                "envelopeHash", sha256(envelope),
                "payloadHash", sha256(payload),
                "signatures", List.of(Map.of("signature", Encodings.b64(signature), "verifier", b64(pem))))));
    }

    /**
     * The same envelope as an {@code intoto} 0.0.2 entry (what cosign v2 {@code attest} logs): payload and signature
     * base64-encoded twice, as Rekor stores them; {@code hash} is SHA-256 of the envelope JSON as submitted, which no
     * verifier recomputes.
     */
    public static byte[] intoto(String payloadType, byte[] payload, byte[] signature, String pem) {
        return intoto(payloadType, payload, signature, pem, Encodings.canonicalJson(Map.of("payload", Encodings.b64(payload), "payloadType", payloadType,
                "signatures", List.of(Map.of("keyid", "", "sig", Encodings.b64(signature))))));
    }

    /** The same, {@code hash} over the envelope bytes as they were submitted (cosign's {@code .att} blob). */
    public static byte[] intoto(String payloadType, byte[] payload, byte[] signature, String pem, byte[] submitted) {
        return Encodings.canonicalJson(Map.of("apiVersion", "0.0.2", "kind", "intoto", "spec", Map.of("content", Map.of(
                "envelope", Map.of("payload", b64(Encodings.b64(payload)), "payloadType", payloadType,
                        "signatures", List.of(Map.of("publicKey", b64(pem), "sig", b64(Encodings.b64(signature))))),
                "hash", sha256(submitted),
                "payloadHash", sha256(payload)))));
    }

    /**
     * The same entry as Rekor v1 itself stores it (types/intoto/v0.0.2 {@code Canonicalize}): the envelope without its
     * payload, which is kept only as {@code payloadHash}; what a real cosign v2 {@code .att} layer's SET is over.
     */
    public static byte[] intotoCanonical(String payloadType, byte[] payload, byte[] signature, String pem, byte[] submitted) {
        return Encodings.canonicalJson(Map.of("apiVersion", "0.0.2", "kind", "intoto", "spec", Map.of("content", Map.of(
                "envelope", Map.of("payloadType", payloadType,
                        "signatures", List.of(Map.of("publicKey", b64(pem), "sig", b64(Encodings.b64(signature))))),
                "hash", sha256(submitted),
                "payloadHash", sha256(payload)))));
    }

    private static Map<String, String> sha256(byte[] content) {
        return Map.of("algorithm", "sha256", "value", Encodings.hex(Encodings.sha256(content)));
    }

    private static String b64(String text) {
        return Encodings.b64(text.getBytes(StandardCharsets.UTF_8));
    }
}

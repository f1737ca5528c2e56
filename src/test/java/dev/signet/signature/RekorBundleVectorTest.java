package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import dev.signet.testing.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Reads the rest of {@code signatures/key-rekor}: the public-good Rekor key and the {@code dev.sigstore.cosign/bundle}
 * annotation, checked offline as cosign-formats.md §4 describes. Transparency-log verification is not a Signet
 * feature yet; this pins the data so that feature starts from a proven vector.
 */
class RekorBundleVectorTest {
    private final JsonNode bundle = read("signatures/key-rekor/rekor-bundle.json");
    private final VerificationKey rekor = PemKeys.parsePublicKey(Vectors.text("signatures/key-rekor/rekor.pub"), "rekor.pub");

    private static JsonNode read(String path) {
        try {
            return Json.mapper().readTree(Vectors.bytes(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Canonical JSON of the entry: keys sorted, no spaces, as Rekor signs it. */
    private String canonicalEntry(JsonNode payload) {
        return "{\"body\":\"" + payload.get("body").asText() + "\",\"integratedTime\":" + payload.get("integratedTime").asLong()
                + ",\"logID\":\"" + payload.get("logID").asText() + "\",\"logIndex\":" + payload.get("logIndex").asLong() + "}";
    }

    @Test
    void signedEntryTimestamp_verifiesUnderTheRekorKeyNamedByLogId() throws Exception {
        JsonNode payload = bundle.get("Payload");
        byte[] set = Base64.getDecoder().decode(bundle.get("SignedEntryTimestamp").asText());

        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rekor.spki()))).isEqualTo(payload.get("logID").asText());
        assertThat(rekor.verify(canonicalEntry(payload).getBytes(StandardCharsets.UTF_8), set)).isTrue();
        String tampered = canonicalEntry(payload).replace("\"logIndex\":" + payload.get("logIndex").asLong(), "\"logIndex\":1");
        assertThat(rekor.verify(tampered.getBytes(StandardCharsets.UTF_8), set)).isFalse();
    }

    @Test
    void entryBody_namesThePayloadHashTheSignatureAndTheSignersKey() throws Exception {
        JsonNode body = Json.mapper().readTree(Base64.getDecoder().decode(bundle.at("/Payload/body").asText()));
        byte[] payload = Vectors.bytes("signatures/key-rekor/payload.json");

        assertThat(body.get("kind").asText()).isEqualTo("hashedrekord");
        assertThat(body.at("/spec/data/hash/value").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload)));
        assertThat(body.at("/spec/signature/content").asText()).isEqualTo(Vectors.text("signatures/key-rekor/signature.b64").strip());
        String signerPem = new String(Base64.getDecoder().decode(body.at("/spec/signature/publicKey/content").asText()), StandardCharsets.UTF_8);
        assertThat(PemKeys.parsePublicKey(signerPem, "entry")).isEqualTo(PemKeys.parsePublicKey(Vectors.text("signatures/key-rekor/cosign2.pub"), "cosign2"));
    }
}

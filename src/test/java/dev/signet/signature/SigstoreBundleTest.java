package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.Digests;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SigstoreBundleTest {
    private static final String VECTOR = "bundles/cosign-v3-sign-key/";
    private static final Digest SIGNED = Digest.parse("sha256:5099b89d7666cc2186cad769ddc262ddc7c335b33f5fe79f9ffe50a01282b23e");

    private static VerificationKey cosignKey() {
        return PemKeys.parsePublicKey(Vectors.text(VECTOR + "cosign.pub"), "cosign.pub");
    }

    @Test
    void verifiedStatement_cosignV3Bundle_verifiesOverTheExactBytes() {
        SigstoreBundle bundle = SigstoreBundle.parse(Vectors.bytes(VECTOR + "bundle.json"), "vector");

        SignedStatement statement = bundle.verifiedStatement(cosignKey()).orElseThrow();

        assertThat(statement.predicateType()).isEqualTo(BundleFormat.COSIGN_SIGN_PREDICATE);
        assertThat(statement.names(SIGNED)).isTrue();
        assertThat(statement.annotations()).isEmpty();
        assertThat(bundle.hint()).contains(cosignKey().hint());
        assertThat(bundle.bytes()).isEqualTo(Vectors.bytes(VECTOR + "bundle.json"));
    }

    @Test
    void verifiedStatement_otherKey_isEmpty() {
        SigstoreBundle bundle = SigstoreBundle.parse(Vectors.bytes(VECTOR + "bundle.json"), "vector");

        assertThat(bundle.verifiedStatement(SigningKey.generate("other").verificationKey())).isEmpty();
    }

    static Stream<Arguments> mutatedBundles() {
        return Stream.of(
                Arguments.of("negative/bundles/statement-digest-changed.json"),
                Arguments.of("negative/bundles/signature-truncated.json"),
                Arguments.of("negative/bundles/payload-type-changed.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutatedBundles")
    void verifiedStatement_mutatedCopy_doesNotVerify(String vector) {
        SigstoreBundle bundle = SigstoreBundle.parse(Vectors.bytes(vector), vector);

        assertThat(bundle.verifiedStatement(cosignKey())).isEmpty();
    }

    @Test
    void parse_messageSignatureBundle_isNotAnImageSignature() {
        assertThatThrownBy(() -> SigstoreBundle.parse(Vectors.bytes("negative/bundles/message-signature.json"), "blob-bundle"))
                .isInstanceOf(SignatureFormatException.class)
                .hasMessageStartingWith("parse bundle blob-bundle: bundle holds no DSSE envelope");
    }

    @Test
    void parse_controlCharactersInTheMediaType_areEscapedInTheMessage() {
        // found by fuzzing (signature.bundle): mediaType, payloadType, _type and subject digests were echoed as written
        byte[] bundle = "{\"mediaType\":\"application/json\\r\\nforged\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SigstoreBundle.parse(bundle, "b"))
                .isInstanceOf(SignatureFormatException.class)
                .hasMessage("parse bundle b: mediaType \"application/json\\u000d\\u000aforged\" is not a Sigstore bundle");
    }

    @Test
    void parse_thousandsOfSignatures_isRefusedBeforeAnyIsChecked() {
        // found by fuzzing (signature.bundle): a bundle with its one signature repeated 1,300 times kept verification
        // busy for seconds per trusted key, on every admission of the image
        String signature = "{\"sig\":\"MEUCIQCx\"}";
        String bundle = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"dsseEnvelope\":{\"payload\":\"e30=\","
                + "\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[" + String.join(",", Collections.nCopies(1300, signature)) + "]}}";

        assertThatThrownBy(() -> SigstoreBundle.parse(bundle.getBytes(StandardCharsets.UTF_8), "b"))
                .isInstanceOf(SignatureFormatException.class)
                .hasMessage("parse bundle b: DSSE envelope has 1300 signatures, more than 16");
    }

    @Test
    void sign_writesTheShapeCosignV3WritesAndVerifies() throws Exception {
        SigningKey key = SigningKey.generate("ci");

        SigstoreBundle bundle = SigstoreBundle.sign(SIGNED, Map.of("env", "prod"), key);

        JsonNode ours = Json.mapper().readTree(bundle.bytes());
        JsonNode cosign = Json.mapper().readTree(Vectors.bytes(VECTOR + "bundle.json"));
        assertThat(fieldNames(ours)).isEqualTo(fieldNames(cosign));
        assertThat(fieldNames(ours.get("dsseEnvelope"))).isEqualTo(fieldNames(cosign.get("dsseEnvelope")));
        assertThat(ours.at("/verificationMaterial/publicKey/hint").asText()).isEqualTo(key.verificationKey().hint());
        JsonNode statement = Json.mapper().readTree(Base64.getDecoder().decode(ours.at("/dsseEnvelope/payload").asText()));
        JsonNode cosignStatement = Json.mapper().readTree(Base64.getDecoder().decode(cosign.at("/dsseEnvelope/payload").asText()));
        assertThat(fieldNames(statement)).isEqualTo(fieldNames(cosignStatement));
        assertThat(statement.at("/subject/0/digest/sha256").asText()).isEqualTo(SIGNED.hex());
        assertThat(statement.at("/subject/0/annotations/env").asText()).isEqualTo("prod");
        SignedStatement verified = SigstoreBundle.parse(bundle.bytes(), "ours").verifiedStatement(key.verificationKey()).orElseThrow();
        assertThat(verified.names(SIGNED)).isTrue();
        assertThat(verified.hasAnnotations(Map.of("env", "prod"))).isTrue();
        assertThat(verified.hasAnnotations(Map.of("env", "dev"))).isFalse();
    }

    @Test
    void verifiedStatement_nonStringAnnotation_neverEqualsTheStringAnnotation() {
        SigningKey key = SigningKey.generate("ci");
        byte[] statement = ("{\"_type\":\"" + BundleFormat.STATEMENT_V1 + "\",\"subject\":[{\"digest\":{\"sha256\":\"" + SIGNED.hex()
                + "\"},\"annotations\":{\"n\":1,\"b\":true,\"env\":\"prod\"}}],\"predicateType\":\"" + BundleFormat.COSIGN_SIGN_PREDICATE
                + "\",\"predicate\":{}}").getBytes(StandardCharsets.UTF_8);
        SigstoreBundle bundle = SigstoreBundle.signStatement(statement, key);

        SignedStatement verified = SigstoreBundle.parse(bundle.bytes(), "b").verifiedStatement(key.verificationKey()).orElseThrow();

        assertThat(verified.hasAnnotations(Map.of("n", "1"))).isFalse();
        assertThat(verified.hasAnnotations(Map.of("b", "true"))).isFalse();
        assertThat(verified.hasAnnotations(Map.of("env", "prod"))).isTrue();
    }

    @Test
    void dssePae_matchesTheSpecExample() {
        // DSSE protocol.md: PAE("http://example.com/HelloWorld", "hello world")
        assertThat(new String(Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    }

    @Test
    void bundleManifest_isTheReferrerCosignPushes() {
        SigstoreBundle bundle = SigstoreBundle.sign(SIGNED, Map.of(), SigningKey.generate("k"));
        Descriptor subject = Descriptor.of(MediaTypes.OCI_MANIFEST, SIGNED, 1234);

        RawManifest raw = BundleManifest.build(bundle, subject, Instant.parse("2026-11-26T10:15:30.123Z"));
        ImageManifest manifest = raw.asImageManifest();

        assertThat(manifest.artifactType()).isEqualTo(BundleFormat.BUNDLE_V03);
        assertThat(manifest.config().digest()).isEqualTo(BundleManifest.EMPTY_CONFIG_DIGEST);
        assertThat(manifest.config().mediaType()).isEqualTo(MediaTypes.OCI_EMPTY);
        assertThat(manifest.layers()).singleElement().satisfies(layer -> {
            assertThat(layer.mediaType()).isEqualTo(BundleFormat.BUNDLE_V03);
            assertThat(layer.digest()).isEqualTo(bundle.digest());
        });
        assertThat(manifest.subject()).isEqualTo(subject);
        assertThat(manifest.annotations()).containsEntry(BundleFormat.CONTENT_ANNOTATION, "dsse-envelope")
                .containsEntry(BundleFormat.PREDICATE_TYPE_ANNOTATION, BundleFormat.COSIGN_SIGN_PREDICATE)
                .containsEntry(BundleFormat.CREATED_ANNOTATION, "2026-11-26T10:15:30Z");
        assertThat(BundleManifest.referrerDescriptor(raw).artifactType()).isEqualTo(BundleFormat.BUNDLE_V03);
        assertThat(Digests.sha256(BundleManifest.EMPTY_CONFIG)).isEqualTo(BundleManifest.EMPTY_CONFIG_DIGEST);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.testing.Vectors;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** cosign's own signatures, read from the golden vectors, verify; their mutated copies do not. */
class CosignSignatureTest {
    private static final String TESTIMAGE = "signatures/testimage/";
    private static final Digest ALICE_IMAGE = Digest.parse("sha256:071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c81");

    private static VerificationKey key(String name) {
        return PemKeys.parsePublicKey(Vectors.text(TESTIMAGE + "keys/" + name + ".pub"), name);
    }

    private static List<CosignSignature> signaturesOf(String sigManifest) {
        RawManifest raw = RawManifest.of(Vectors.bytes(TESTIMAGE + "manifests/" + sigManifest), MediaTypes.OCI_MANIFEST);
        return SignatureManifest.signatureLayers(raw, sigManifest).stream()
                .map(layer -> CosignSignature.of(Vectors.bytes(TESTIMAGE + "blobs/" + layer.digest().toString().replace(':', '-') + ".json"),
                        layer.annotations(), layer.digest().toString()))
                .toList();
    }

    @Test
    void verifiedPayload_aliceSignedImage_verifiesAndNamesTheImageDigest() {
        List<CosignSignature> signatures = signaturesOf("sha256-" + ALICE_IMAGE.hex() + ".sig.json");

        assertThat(signatures).hasSize(1);
        SimpleSigningPayload payload = signatures.get(0).verifiedPayload(key("alice")).orElseThrow();
        assertThat(payload.digest()).isEqualTo(ALICE_IMAGE);
        assertThat(payload.dockerReference()).isEqualTo("index.docker.io/securesystemsengineering/testimage");
        assertThat(signatures.get(0).verifiedPayload(key("default"))).as("the negative key").isEmpty();
    }

    static Stream<Arguments> threeSigners() {
        return Stream.of(Arguments.of(0, "alice"), Arguments.of(1, "bob"), Arguments.of(2, "charlie"));
    }

    @ParameterizedTest(name = "layer {0} signed by {1}")
    @MethodSource("threeSigners")
    void verifiedPayload_threeSigners_eachLayerVerifiesOnlyWithItsKey(int layer, String signer) {
        List<CosignSignature> signatures = signaturesOf("sha256-bfec161fecb0a887df7cb85e4da327c65986ccda7060cf3cd92171c6c90d7533.sig.json");

        assertThat(signatures).hasSize(3);
        for (String candidate : List.of("alice", "bob", "charlie", "default")) {
            assertThat(signatures.get(layer).verifiedPayload(key(candidate)).isPresent())
                    .as("layer %d with %s", layer, candidate).isEqualTo(candidate.equals(signer));
        }
    }

    @Test
    void verifiedPayload_keyRekorVector_verifiesWithCosign2Key() {
        byte[] payload = Vectors.bytes("signatures/key-rekor/payload.json");
        String signature = Vectors.text("signatures/key-rekor/signature.b64").strip();
        VerificationKey cosign2 = PemKeys.parsePublicKey(Vectors.text("signatures/key-rekor/cosign2.pub"), "cosign2");

        CosignSignature parsed = CosignSignature.of(payload, Map.of(CosignAnnotations.SIGNATURE, signature), "key-rekor");

        assertThat(parsed.verifiedPayload(cosign2).orElseThrow().digest())
                .isEqualTo(Digest.parse("sha256:0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a"));
        assertThat(parsed.payloadDigest().hex()).startsWith("5f410774");
    }

    static Stream<Arguments> mutatedPayloads() {
        return Stream.of(Arguments.of("negative/payloads/digest-off-by-one.json"), Arguments.of("negative/payloads/trailing-newline.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutatedPayloads")
    void verifiedPayload_mutatedPayload_doesNotVerify(String vector) {
        CosignSignature original = signaturesOf("sha256-" + ALICE_IMAGE.hex() + ".sig.json").get(0);

        CosignSignature mutated = CosignSignature.of(Vectors.bytes(vector), original.annotations(), vector);

        assertThat(mutated.verifiedPayload(key("alice"))).isEmpty();
    }

    @Test
    void verifiedPayload_truncatedOrFlippedSignature_doesNotVerify() {
        CosignSignature original = signaturesOf("sha256-" + ALICE_IMAGE.hex() + ".sig.json").get(0);
        byte[] der = original.signature();
        byte[] flipped = der.clone();
        flipped[flipped.length - 1] ^= 1;

        for (byte[] bad : List.of(Arrays.copyOf(der, der.length - 5), flipped, new byte[] {0x30, 0})) {
            CosignSignature mutated = CosignSignature.of(original.payload(),
                    Map.of(CosignAnnotations.SIGNATURE, Base64.getEncoder().encodeToString(bad)), "bad");
            assertThat(mutated.verifiedPayload(key("alice"))).isEmpty();
        }
    }

    @Test
    void of_missingOrBrokenSignatureAnnotation_isAFormatError() {
        byte[] payload = {'{', '}'};

        assertThatThrownBy(() -> CosignSignature.of(payload, Map.of(), "layer0"))
                .isInstanceOf(SignatureFormatException.class)
                .hasMessage("read signature layer0: layer has no dev.cosignproject.cosign/signature annotation");
        assertThatThrownBy(() -> CosignSignature.of(payload, Map.of(CosignAnnotations.SIGNATURE, "**"), "layer0"))
                .hasMessage("read signature layer0: dev.cosignproject.cosign/signature is not valid base64");
    }

    @Test
    void verifiedPayload_unverifiedGarbage_isNeverParsed() {
        SigningKey key = SigningKey.generate("k");
        CosignSignature garbage = CosignSignature.of("not json".getBytes(), Map.of(CosignAnnotations.SIGNATURE, "AAAA"), "x");

        // the signature check comes first, so unparseable bytes are just "not verified", never a parse error
        assertThat(garbage.verifiedPayload(key.verificationKey())).isEmpty();
    }

    @Test
    void sign_producesALayerCosignReads() {
        SigningKey key = SigningKey.generate("ci");
        SimpleSigningPayload payload = SimpleSigningPayload.of("registry.local/app", ALICE_IMAGE);

        CosignSignature signature = CosignSignature.sign(payload, key);
        Descriptor layer = signature.layer();

        assertThat(layer.mediaType()).isEqualTo(MediaTypes.COSIGN_SIMPLE_SIGNING);
        assertThat(layer.annotations()).containsOnlyKeys(CosignAnnotations.SIGNATURE);
        assertThat(layer.size()).isEqualTo(payload.toBytes().length);
        CosignSignature reread = CosignSignature.of(payload.toBytes(), layer.annotations(), "reread");
        assertThat(reread.verifiedPayload(key.verificationKey())).contains(payload);
        assertThat(reread.sameLayerAs(signature)).isTrue();
    }
}

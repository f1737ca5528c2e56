package dev.signet.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.transport.JdkTransport;
import dev.signet.registry.transport.RequestLog;
import dev.signet.registry.transport.Sleeper;
import dev.signet.signature.BundleManifest;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SigstoreBundle;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.CosignTestImage;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import dev.signet.testing.Vectors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signing and verification against the real CNCF distribution registry (Debian's docker-registry 2.8, which has no
 * referrers API, so bundles go through the {@code sha256-<hex>} fallback index), with cosign's own signatures
 * pushed into it from the golden vectors.
 */
class SignAndVerifyIT {
    private static LocalRegistry registry;
    private static RequestLog wire;
    private static HttpRegistryClient client;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.anonymous();
        wire = new RequestLog(JdkTransport.create(RegistryOptions.DEFAULT_TIMEOUT));
        client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(), wire, Sleeper.system());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static VerificationResult verify(ImageReference image, VerificationKey... keys) {
        return new ImageVerifier(client).verify(VerificationRequest.of(image, List.of(keys)));
    }

    @Test
    void cosignSignedTestImage_pushedByteForByte_verifiesWithEachSignersKey() {
        Repository repository = registry.repository("securesystemsengineering/testimage");
        ImageReference alice = CosignTestImage.pushSignatures(client, repository, CosignTestImage.ALICE);
        ImageReference three = CosignTestImage.pushSignatures(client, repository, CosignTestImage.ALICE_BOB_CHARLIE);
        ImageReference keyless = CosignTestImage.pushSignatures(client, repository, CosignTestImage.KEYLESS);

        assertThat(verify(alice, CosignTestImage.key("alice")).outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(verify(alice, CosignTestImage.key("default")).outcome()).isEqualTo(VerificationResult.Outcome.NO_MATCHING_SIGNATURE);
        for (String signer : List.of("alice", "bob", "charlie")) {
            assertThat(verify(three, CosignTestImage.key(signer)).verified()).as(signer).hasSize(1);
        }
        assertThat(verify(keyless, CosignTestImage.key("alice"), CosignTestImage.key("bob")).outcome())
                .isEqualTo(VerificationResult.Outcome.NO_MATCHING_SIGNATURE);
        RawManifest stored = client.getManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(CosignTestImage.ALICE))));
        assertThat(stored.bytes()).isEqualTo(Vectors.bytes("signatures/testimage/manifests/sha256-" + CosignTestImage.ALICE.hex() + ".sig.json"));
    }

    @Test
    void cosign2KeyRekorSignature_verifiesWithItsKey_andItsMutationsDoNot() {
        Repository repository = registry.repository("cosign-signed/key-1");
        Digest image = Digest.parse("sha256:0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a");
        Map<String, String> annotations = Map.of(
                CosignAnnotations.SIGNATURE, Vectors.text("signatures/key-rekor/signature.b64").strip(),
                CosignAnnotations.BUNDLE, Vectors.text("signatures/key-rekor/rekor-bundle.json").strip());
        CosignSignature signature = CosignSignature.of(Vectors.bytes("signatures/key-rekor/payload.json"), annotations, "key-rekor");
        storeLegacy(repository, image, signature);
        VerificationKey cosign2 = PemKeys.parsePublicKey(Vectors.text("signatures/key-rekor/cosign2.pub"), "cosign2");

        assertThat(verify(ImageReference.of(repository, image), cosign2).outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(verify(ImageReference.of(repository, image), CosignTestImage.key("alice")).outcome())
                .isEqualTo(VerificationResult.Outcome.NO_MATCHING_SIGNATURE);
    }

    static Stream<Arguments> bundles() {
        return Stream.of(
                Arguments.of("bundles/cosign-v3-sign-key/bundle.json", true),
                Arguments.of("negative/bundles/statement-digest-changed.json", false),
                Arguments.of("negative/bundles/signature-truncated.json", false),
                Arguments.of("negative/bundles/payload-type-changed.json", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void cosignV3Bundle_attachedAsReferrer_verifiesOnlyUnmutated(String vector, boolean verifies) {
        Repository repository = registry.uniqueRepository("bundles");
        Digest image = Digest.parse("sha256:5099b89d7666cc2186cad769ddc262ddc7c335b33f5fe79f9ffe50a01282b23e");
        byte[] bytes = Vectors.bytes(vector);
        SigstoreBundle bundle = SigstoreBundle.parse(bytes, vector);
        RawManifest referrer = BundleManifest.build(bundle, Descriptor.of(MediaTypes.OCI_MANIFEST, image, 1000), Instant.now());
        client.putBlob(repository, bundle.digest(), bytes);
        client.putBlob(repository, BundleManifest.EMPTY_CONFIG_DIGEST, BundleManifest.EMPTY_CONFIG);
        client.putManifest(ImageReference.of(repository, referrer.digest()), referrer);
        client.addReferrer(repository, image, BundleManifest.referrerDescriptor(referrer));
        VerificationKey key = PemKeys.parsePublicKey(Vectors.text("bundles/cosign-v3-sign-key/cosign.pub"), "cosign.pub");

        VerificationResult result = verify(ImageReference.of(repository, image), key);

        assertThat(result.checks()).singleElement().satisfies(check -> assertThat(check.layout()).isEqualTo(SignatureLayout.BUNDLE));
        assertThat(result.outcome() == VerificationResult.Outcome.VERIFIED).isEqualTo(verifies);
    }

    @Test
    void signetSignsBothLayouts_verifiesAndStaysIdempotent() {
        Repository repository = registry.uniqueRepository("team/app");
        RawManifest image = Images.pushRandom(client, repository, "v1");
        SigningKey key = SigningKey.generate("ci");
        SigningRequest request = SigningRequest.of(ImageReference.of(repository, Tag.parse("v1")), key).withLayouts(EnumSet.allOf(SignatureLayout.class));
        ImageSigner signer = new ImageSigner(client, Clock.systemUTC());

        assertThat(signer.sign(request).createdAny()).isTrue();
        assertThat(signer.sign(request).createdAny()).isFalse();

        VerificationResult result = verify(ImageReference.of(repository, Tag.parse("v1")), key.verificationKey());
        assertThat(result.digest()).isEqualTo(image.digest());
        assertThat(result.verified()).extracting(SignatureCheck::layout).containsExactlyInAnyOrder(SignatureLayout.LEGACY, SignatureLayout.BUNDLE);
        assertThat(client.listTags(repository)).containsExactlyInAnyOrder("v1", SignatureTags.signature(image.digest()), SignatureTags.referrers(image.digest()));
    }

    @Test
    void verifyOneImage_costsOneHeadOneSignatureManifestAndOneBlobPerLayer_forTenKeys() {
        Repository repository = registry.uniqueRepository("budget");
        Images.pushRandom(client, repository, "v1");
        ImageSigner signer = new ImageSigner(client, Clock.systemUTC());
        List<VerificationKey> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SigningKey key = SigningKey.generate("signer-" + i);
            signer.sign(SigningRequest.of(ImageReference.of(repository, Tag.parse("v1")), key));
            keys.add(key.verificationKey());
        }
        for (int i = 0; i < 7; i++) {
            keys.add(SigningKey.generate("unused-" + i).verificationKey());
        }
        wire.clear();

        VerificationResult result = new ImageVerifier(client).verify(VerificationRequest.of(ImageReference.of(repository, Tag.parse("v1")), keys)
                .withLayouts(EnumSet.of(SignatureLayout.LEGACY)));

        assertThat(result.verified()).hasSize(3);
        List<RequestLog.Exchange> exchanges = wire.exchanges().stream()
                .filter(e -> e.uri().getPath().contains("/" + repository.path() + "/")).toList();
        assertThat(exchanges).extracting(e -> e.method() + " " + e.kind()).containsExactly(
                "HEAD MANIFEST", "GET MANIFEST", "GET BLOB", "GET BLOB", "GET BLOB");
    }

    private static void storeLegacy(Repository repository, Digest image, CosignSignature signature) {
        SignatureManifest.Built built = SignatureManifest.build(List.of(signature));
        client.putBlob(repository, signature.payloadDigest(), signature.payload());
        client.putBlob(repository, built.manifest().asImageManifest().config().digest(), built.config());
        client.putManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(image))), built.manifest());
    }
}

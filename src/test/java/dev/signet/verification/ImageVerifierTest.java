package dev.signet.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.Digests;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.ArtifactNotFoundException;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SimpleSigningPayload;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.CosignTestImage;
import dev.signet.testing.FakeRegistryClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Verification against our in-memory port; the same scenarios run against the real registry in ImageVerifierIT. */
class ImageVerifierTest {
    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final ImageVerifier verifier = new ImageVerifier(registry);
    private final Repository repository = Repository.parse("registry.local/securesystemsengineering/testimage");

    @Test
    void verify_cosignSignedByAlice_verifiesOnlyWithAlice() {
        ImageReference image = CosignTestImage.pushSignatures(registry, repository, CosignTestImage.ALICE);

        VerificationResult alice = verifier.verify(VerificationRequest.of(image, List.of(CosignTestImage.key("alice"))));
        VerificationResult other = verifier.verify(VerificationRequest.of(image, List.of(CosignTestImage.key("default"))));

        assertThat(alice.outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(alice.verified()).singleElement().satisfies(check -> {
            assertThat(check.layout()).isEqualTo(SignatureLayout.LEGACY);
            assertThat(check.location()).endsWith(":sha256-" + CosignTestImage.ALICE.hex() + ".sig#layer-0");
        });
        assertThat(other.outcome()).isEqualTo(VerificationResult.Outcome.NO_MATCHING_SIGNATURE);
        assertThat(other.checks()).singleElement().extracting(SignatureCheck::status).isEqualTo(SignatureCheck.Status.NO_MATCHING_KEY);
    }

    @Test
    void verify_threeSigners_reportsEachVerifyingKey() {
        ImageReference image = CosignTestImage.pushSignatures(registry, repository, CosignTestImage.ALICE_BOB_CHARLIE);
        List<VerificationKey> keys = List.of(CosignTestImage.key("default"), CosignTestImage.key("charlie"), CosignTestImage.key("alice"));

        VerificationResult result = verifier.verify(VerificationRequest.of(image, keys));

        assertThat(result.checks()).hasSize(3);
        assertThat(result.verifyingKeys()).extracting(VerificationKey::name).containsExactlyInAnyOrder("alice", "charlie");
        assertThat(result.checks().get(1).status()).as("bob's layer").isEqualTo(SignatureCheck.Status.NO_MATCHING_KEY);
    }

    @Test
    void verify_keylessSignature_matchesNoKey() {
        ImageReference image = CosignTestImage.pushSignatures(registry, repository, CosignTestImage.KEYLESS);

        VerificationResult result = verifier.verify(VerificationRequest.of(image,
                List.of(CosignTestImage.key("alice"), CosignTestImage.key("bob"), CosignTestImage.key("charlie"))));

        assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.NO_MATCHING_SIGNATURE);
    }

    @Test
    void verify_costIsOneSignatureManifestAndOneBlobPerLayer_whateverTheNumberOfKeys() {
        ImageReference image = CosignTestImage.pushSignatures(registry, repository, CosignTestImage.ALICE_BOB_CHARLIE);
        registry.push(repository, "v1", RawManifest.of("{\"schemaVersion\":2}".getBytes(), "application/vnd.oci.image.manifest.v1+json"));
        List<VerificationKey> tenKeys = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            tenKeys.add(SigningKey.generate("k" + i).verificationKey());
        }
        tenKeys.add(CosignTestImage.key("bob"));
        registry.resetCalls();

        verifier.verify(VerificationRequest.of(image, tenKeys).withLayouts(EnumSet.of(SignatureLayout.LEGACY)));

        assertThat(registry.calls("headManifest")).as("digest reference: nothing to resolve").isZero();
        assertThat(registry.calls("findManifest")).isEqualTo(1);
        assertThat(registry.calls("getBlob")).isEqualTo(3);
    }

    @Test
    void verify_tagIsResolvedWithOneHead_andSignaturesOfThatDigestAreUsed() {
        SigningKey key = SigningKey.generate("ci");
        RawManifest image = registry.pushRandomImage(repository, "v1");
        new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(ImageReference.of(repository, Tag.parse("v1")), key));
        registry.resetCalls();

        VerificationResult result = verifier.verify(VerificationRequest.of(ImageReference.of(repository, Tag.parse("v1")), List.of(key.verificationKey()))
                .withLayouts(EnumSet.of(SignatureLayout.LEGACY)));

        assertThat(result.digest()).isEqualTo(image.digest());
        assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(registry.calls("headManifest")).isEqualTo(1);
    }

    @Test
    void verify_validSignatureWhosePayloadNamesAnotherDigest_isDigestMismatch() {
        SigningKey key = SigningKey.generate("ci");
        RawManifest image = registry.pushRandomImage(repository, "v1");
        RawManifest other = registry.pushRandomImage(repository, "v2");
        // a genuine signature of image v2, copied under v1's signature tag: the replay cosign guards against
        CosignSignature signatureOfOther = CosignSignature.sign(SimpleSigningPayload.of(repository.cosignName(), other.digest()), key);
        storeLegacy(image.digest(), signatureOfOther);

        VerificationResult result = verifier.verify(VerificationRequest.of(ImageReference.of(repository, image.digest()), List.of(key.verificationKey())));

        assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.NO_MATCHING_SIGNATURE);
        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(SignatureCheck.Status.DIGEST_MISMATCH);
            assertThat(check.detail()).isEqualTo("signed by ci but the payload names " + other.digest());
        });
    }

    @Test
    void verify_requiredAnnotations_mustBeInTheSignedPayload() {
        SigningKey key = SigningKey.generate("ci");
        RawManifest image = registry.pushRandomImage(repository, "v1");
        ImageSigner signer = new ImageSigner(registry, Clock.systemUTC());
        signer.sign(SigningRequest.of(ImageReference.of(repository, image.digest()), key).withAnnotations(Map.of("env", "prod"))
                .withLayouts(EnumSet.allOf(SignatureLayout.class)));
        VerificationRequest request = VerificationRequest.of(ImageReference.of(repository, image.digest()), List.of(key.verificationKey()));

        assertThat(verifier.verify(request.withRequiredAnnotations(Map.of("env", "prod"))).verified()).hasSize(2);
        VerificationResult wrong = verifier.verify(request.withRequiredAnnotations(Map.of("env", "dev")));
        assertThat(wrong.outcome()).isEqualTo(VerificationResult.Outcome.NO_MATCHING_SIGNATURE);
        assertThat(wrong.checks()).extracting(SignatureCheck::status).containsOnly(SignatureCheck.Status.ANNOTATIONS_MISMATCH);
    }

    @Test
    void verify_noSignatures_isAnOutcomeNotAnError() {
        RawManifest image = registry.pushRandomImage(repository, "v1");

        VerificationResult result = verifier.verify(VerificationRequest.of(ImageReference.of(repository, Tag.parse("v1")), List.of(CosignTestImage.key("alice"))));

        assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.NO_SIGNATURES);
        assertThat(result.summary()).isEqualTo(repository + "@" + image.digest() + ": no signatures found");
    }

    @Test
    void verify_missingTag_isArtifactNotFound() {
        assertThatThrownBy(() -> verifier.verify(VerificationRequest.of(ImageReference.of(repository, Tag.parse("nope")), List.of(CosignTestImage.key("alice")))))
                .isInstanceOf(ArtifactNotFoundException.class)
                .hasMessage("resolve image " + repository + ":nope: no such manifest in the registry");
    }

    @Test
    void verify_malformedLayer_isReportedAndOthersStillCount() {
        SigningKey key = SigningKey.generate("ci");
        RawManifest image = registry.pushRandomImage(repository, "v1");
        CosignSignature good = CosignSignature.sign(SimpleSigningPayload.of(repository.cosignName(), image.digest()), key);
        byte[] junk = "junk".getBytes();
        registry.pushBlob(repository, junk);
        Descriptor broken = Descriptor.of(MediaTypes.COSIGN_SIMPLE_SIGNING, junk);
        storeLayers(image.digest(), List.of(broken, good.layer()), List.of(good));

        VerificationResult result = verifier.verify(VerificationRequest.of(ImageReference.of(repository, image.digest()), List.of(key.verificationKey())));

        assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(result.checks()).extracting(SignatureCheck::status).containsExactly(SignatureCheck.Status.MALFORMED, SignatureCheck.Status.VERIFIED);
    }

    @Test
    void verify_layerWhoseBlobIsGone_isMalformedAndDoesNotHideAValidSignature() {
        SigningKey key = SigningKey.generate("ci");
        RawManifest image = registry.pushRandomImage(repository, "v1");
        CosignSignature good = CosignSignature.sign(SimpleSigningPayload.of(repository.cosignName(), image.digest()), key);
        // a layer pointing at a blob nobody uploaded: what anyone with push access could append
        Descriptor dangling = Descriptor.of(MediaTypes.COSIGN_SIMPLE_SIGNING, "never uploaded".getBytes());
        storeLayers(image.digest(), List.of(dangling, good.layer()), List.of(good));

        VerificationResult result = verifier.verify(VerificationRequest.of(ImageReference.of(repository, image.digest()), List.of(key.verificationKey())));

        assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(result.checks()).extracting(SignatureCheck::status).containsExactly(SignatureCheck.Status.MALFORMED, SignatureCheck.Status.VERIFIED);
    }

    @Test
    void verify_bundleWithAnotherPredicate_isNotASignature() {
        SigningKey key = SigningKey.generate("ci");
        RawManifest image = registry.pushRandomImage(repository, "v1");
        new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(ImageReference.of(repository, image.digest()), key)
                .withLayouts(Set.of(SignatureLayout.BUNDLE)));

        VerificationResult result = verifier.verify(VerificationRequest.of(ImageReference.of(repository, image.digest()), List.of(key.verificationKey())));

        assertThat(result.verified()).singleElement().extracting(SignatureCheck::layout).isEqualTo(SignatureLayout.BUNDLE);
        assertThat(result.checks()).hasSize(1);
    }

    private void storeLegacy(Digest image, CosignSignature signature) {
        storeLayers(image, List.of(signature.layer()), List.of(signature));
    }

    private void storeLayers(Digest image, List<Descriptor> layers, List<CosignSignature> signatures) {
        signatures.forEach(signature -> registry.pushBlob(repository, signature.payload()));
        SignatureManifest.Built built = SignatureManifest.buildFromLayers(layers);
        registry.pushBlob(repository, built.config());
        registry.push(repository, SignatureTags.signature(image), built.manifest());
        assertThat(Digests.sha256(built.config())).isEqualTo(built.manifest().asImageManifest().config().digest());
    }
}

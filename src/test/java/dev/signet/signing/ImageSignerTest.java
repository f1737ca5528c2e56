package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.json.Json;
import dev.signet.keys.SigningKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.ArtifactNotFoundException;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SimpleSigningPayload;
import dev.signet.testing.CosignTestImage;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.verification.ImageVerifier;
import dev.signet.verification.SignatureCheck;
import dev.signet.verification.VerificationRequest;
import dev.signet.verification.VerificationResult;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageSignerTest {
    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final ImageSigner signer = new ImageSigner(registry, Clock.systemUTC());
    private final ImageVerifier verifier = new ImageVerifier(registry);
    private final Repository repository = Repository.parse("registry.local/team/app");
    private final SigningKey key = SigningKey.generate("ci");

    private List<Descriptor> sigLayers(RawManifest image) {
        RawManifest sig = registry.findManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest())))).orElseThrow();
        return SignatureManifest.signatureLayers(sig, "sig");
    }

    @Test
    void sign_tag_signsTheDigestItResolvesTo() {
        RawManifest image = registry.pushRandomImage(repository, "v1");

        SigningResult result = signer.sign(SigningRequest.of(ImageReference.of(repository, Tag.parse("v1")), key));

        assertThat(result.digest()).isEqualTo(image.digest());
        assertThat(result.signatures()).singleElement().satisfies(stored -> {
            assertThat(stored.created()).isTrue();
            assertThat(stored.location()).isEqualTo(repository + ":sha256-" + image.digest().hex() + ".sig");
        });
        byte[] payload = registry.getBlob(repository, sigLayers(image).get(0).digest(), 1024);
        assertThat(SimpleSigningPayload.parse(payload, "p")).isEqualTo(SimpleSigningPayload.of(repository.cosignName(), image.digest()));
    }

    @Test
    void sign_sameDigestTwiceOrUnderAnotherTag_storesOneSignature() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        registry.push(repository, "stable", image);
        SigningRequest request = SigningRequest.of(ImageReference.of(repository, Tag.parse("v1")), key).withLayouts(EnumSet.allOf(SignatureLayout.class));

        signer.sign(request);
        SigningResult again = signer.sign(request);
        SigningResult otherTag = signer.sign(SigningRequest.of(ImageReference.of(repository, Tag.parse("stable")), key)
                .withLayouts(EnumSet.allOf(SignatureLayout.class)));

        assertThat(again.createdAny()).isFalse();
        assertThat(otherTag.createdAny()).isFalse();
        assertThat(sigLayers(image)).hasSize(1);
        assertThat(registry.referrers(repository, image.digest(), null).manifests()).hasSize(1);
    }

    @Test
    void sign_existingCosignSignature_isKeptByteForByteAndOursAppended() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        // alice's cosign layer (from the vectors) already sits under this image's signature tag
        Repository testimage = Repository.parse("registry.local/securesystemsengineering/testimage");
        CosignTestImage.pushSignatures(registry, testimage, CosignTestImage.ALICE);
        RawManifest aliceSig = registry.findManifest(ImageReference.of(testimage, Tag.parse(SignatureTags.signature(CosignTestImage.ALICE)))).orElseThrow();
        Descriptor aliceLayer = aliceSig.asImageManifest().layers().get(0);
        registry.pushBlob(repository, registry.getBlob(testimage, aliceLayer.digest(), 4096));
        registry.push(repository, SignatureTags.signature(image.digest()), aliceSig);

        signer.sign(SigningRequest.of(ImageReference.of(repository, image.digest()), key));
        signer.sign(SigningRequest.of(ImageReference.of(repository, image.digest()), key).withAnnotations(Map.of("env", "prod")));

        List<Descriptor> layers = sigLayers(image);
        assertThat(layers).hasSize(3);
        assertThat(layers.get(0)).isEqualTo(aliceLayer);
        VerificationResult ours = verifier.verify(VerificationRequest.of(ImageReference.of(repository, image.digest()), List.of(key.verificationKey())));
        assertThat(ours.verified()).hasSize(2);
        assertThat(ours.checks().get(0).status()).isEqualTo(SignatureCheck.Status.NO_MATCHING_KEY);
    }

    @Test
    void sign_annotations_goIntoThePayloadOptionalOnly() {
        RawManifest image = registry.pushRandomImage(repository, "v1");

        signer.sign(SigningRequest.of(ImageReference.of(repository, image.digest()), key).withAnnotations(Map.of("git-sha", "abc123")));

        Descriptor layer = sigLayers(image).get(0);
        assertThat(layer.annotations()).containsOnlyKeys(CosignAnnotations.SIGNATURE);
        assertThat(SimpleSigningPayload.parse(registry.getBlob(repository, layer.digest(), 4096), "p").optional())
                .containsExactly(Map.entry("git-sha", "abc123"));
    }

    @Test
    void sign_indexRecursively_signsTheIndexAndEachPlatformManifest() {
        RawManifest amd64 = registry.pushRandomImage(repository, null);
        RawManifest arm64 = registry.pushRandomImage(repository, null);
        RawManifest index = RawManifest.of(Json.write(ImageIndex.of(List.of(amd64.descriptor(), arm64.descriptor()))), MediaTypes.OCI_INDEX);
        registry.push(repository, "multi", index);

        SigningResult flat = signer.sign(SigningRequest.of(ImageReference.of(repository, Tag.parse("multi")), key));
        SigningResult recursive = signer.sign(SigningRequest.of(ImageReference.of(repository, Tag.parse("multi")), key).withRecursive(true));

        assertThat(flat.signatures()).extracting(StoredSignature::image).containsExactly(index.digest());
        assertThat(recursive.signatures()).extracting(StoredSignature::image).containsExactly(index.digest(), amd64.digest(), arm64.digest());
        assertThat(recursive.signatures()).extracting(StoredSignature::created).containsExactly(false, true, true);
        for (RawManifest child : List.of(amd64, arm64)) {
            assertThat(verifier.verify(VerificationRequest.of(ImageReference.of(repository, child.digest()), List.of(key.verificationKey()))).outcome())
                    .isEqualTo(VerificationResult.Outcome.VERIFIED);
        }
    }

    @Test
    void sign_missingImage_isArtifactNotFoundAndWritesNothing() {
        assertThatThrownBy(() -> signer.sign(SigningRequest.of(ImageReference.of(repository, Tag.parse("ghost")), key)))
                .isInstanceOf(ArtifactNotFoundException.class)
                .hasMessage("resolve image " + repository + ":ghost: no such manifest in the registry");
        assertThat(registry.calls("putManifest")).isZero();
    }
}

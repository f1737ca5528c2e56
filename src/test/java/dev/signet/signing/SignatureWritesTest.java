package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.SigningKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.RegistryUnavailableException;
import dev.signet.signature.AttestationLayers;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.BundleManifest;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.testing.FakeRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Signature writes against a registry that others change: stale referrers, concurrent writers of one tag. */
class SignatureWritesTest {
    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final ImageSigner signer = new ImageSigner(registry, Clock.systemUTC());
    private final Repository repository = Repository.parse("registry.local/team/app");
    private final SigningKey key = SigningKey.generate("ci");

    @Test
    void sign_bundleBesideAStaleReferrerEntry_skipsTheDeletedReferrer() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        Descriptor deleted = Descriptor.of(MediaTypes.OCI_MANIFEST, "{\"deleted\":true}".getBytes(StandardCharsets.UTF_8))
                .withArtifactType(BundleFormat.BUNDLE_V03);
        registry.addStaleReferrer(repository, image.digest(), deleted);
        SigningRequest request = SigningRequest.of(ImageReference.of(repository, image.digest()), key)
                .withLayouts(EnumSet.of(SignatureLayout.BUNDLE));

        SigningResult first = signer.sign(request, image.descriptor());
        SigningResult again = signer.sign(request, image.descriptor());

        assertThat(first.signatures()).singleElement().satisfies(stored -> assertThat(stored.created()).isTrue());
        assertThat(again.signatures()).singleElement().satisfies(stored -> assertThat(stored.created()).isFalse());
    }

    @Test
    void sign_legacyWhileAnotherWriterAppendsToTheSigTag_keepsBothSignatures() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        SigningKey otherKey = SigningKey.generate("other");
        AtomicBoolean written = new AtomicBoolean();
        // another replica appends its signature between our read of the .sig tag and our write
        registry.afterRead(reference -> {
            if (reference.tag().isPresent() && !written.getAndSet(true)) {
                signer.sign(legacy(image, otherKey), image.descriptor());
            }
        });

        SigningResult ours = signer.sign(legacy(image, key), image.descriptor());

        assertThat(ours.signatures()).singleElement().satisfies(stored -> assertThat(stored.created()).isTrue());
        assertThat(sigLayers(image)).hasSize(2);
    }

    @Test
    void sign_legacyWhileTheSigTagKeepsMoving_failsTransientlyWithoutWriting() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        AtomicBoolean writing = new AtomicBoolean();
        AtomicBoolean moving = new AtomicBoolean(true);
        registry.afterRead(reference -> {
            if (moving.get() && reference.tag().isPresent() && !writing.getAndSet(true)) {
                // a fresh signature from another writer after every read of ours
                signer.sign(legacy(image, SigningKey.generate("other")), image.descriptor());
                writing.set(false);
            }
        });

        assertThatThrownBy(() -> signer.sign(legacy(image, key), image.descriptor()))
                .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("another writer changed the tag " + LegacySigner.MAX_ATTEMPTS + " times");
        moving.set(false);
        assertThat(sigLayers(image)).hasSize(LegacySigner.MAX_ATTEMPTS);
    }

    @Test
    void attest_legacyWhileAnotherWriterAppendsToTheAttTag_keepsBothAttestations() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        AttestationSigner attester = new AttestationSigner(registry, Clock.systemUTC());
        AtomicBoolean written = new AtomicBoolean();
        // another replica appends its attestation between our read of the .att tag and our write
        registry.afterRead(reference -> {
            if (reference.tag().isPresent() && !written.getAndSet(true)) {
                attester.attest(attestation(image, SigningKey.generate("other")));
            }
        });

        SigningResult ours = attester.attest(attestation(image, key));

        assertThat(ours.signatures()).singleElement().satisfies(stored -> assertThat(stored.created()).isTrue());
        assertThat(attLayers(image)).hasSize(2);
    }

    @Test
    void attest_legacyWhileTheAttTagKeepsMoving_failsTransientlyWithoutDroppingTheirs() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        AttestationSigner attester = new AttestationSigner(registry, Clock.systemUTC());
        AtomicBoolean writing = new AtomicBoolean();
        AtomicBoolean moving = new AtomicBoolean(true);
        registry.afterRead(reference -> {
            if (moving.get() && reference.tag().isPresent() && !writing.getAndSet(true)) {
                attester.attest(attestation(image, SigningKey.generate("other")));
                writing.set(false);
            }
        });

        assertThatThrownBy(() -> attester.attest(attestation(image, key)))
                .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessage("write attestation " + ImageReference.of(repository, Tag.parse(SignatureTags.attestation(image.digest())))
                        + ": another writer changed the tag " + AttestationSigner.MAX_ATTEMPTS + " times while Signet appended to it;"
                        + " the push is retried later");
        moving.set(false);
        assertThat(attLayers(image)).hasSize(AttestationSigner.MAX_ATTEMPTS);
    }

    private AttestationRequest attestation(RawManifest image, SigningKey signingKey) {
        return new AttestationRequest(ImageReference.of(repository, image.digest()), signingKey, "custom",
                "{\"build\":\"ok\"}".getBytes(StandardCharsets.UTF_8), SignatureLayout.LEGACY, false);
    }

    private List<Descriptor> attLayers(RawManifest image) {
        RawManifest att = registry.findManifest(ImageReference.of(repository, Tag.parse(SignatureTags.attestation(image.digest())))).orElseThrow();
        return AttestationLayers.of(att, "att");
    }

    @Test
    void sign_legacyFirstSignature_uploadsPayloadAndConfig() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        registry.resetCalls();

        signer.sign(legacy(image, key), image.descriptor());

        assertThat(registry.calls("putBlob")).isEqualTo(2);
    }

    @Test
    void sign_legacyWithASecondKey_doesNotUploadThePayloadTheSigManifestAlreadyNames() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        signer.sign(legacy(image, SigningKey.generate("first")), image.descriptor());
        registry.resetCalls();

        SigningResult second = signer.sign(legacy(image, key), image.descriptor());

        assertThat(second.signatures()).singleElement().satisfies(stored -> assertThat(stored.created()).isTrue());
        assertThat(registry.calls("putBlob")).as("the config only: the payload of one image is the same for every key").isEqualTo(1);
        List<Descriptor> layers = sigLayers(image);
        assertThat(layers).hasSize(2);
        assertThat(layers.get(1).digest()).isEqualTo(layers.get(0).digest());
        assertThat(registry.blobExists(repository, layers.get(1).digest())).isTrue();
    }

    @Test
    void sign_bundleWithASecondKey_doesNotUploadTheEmptyConfigTheFirstBundleNames() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        SigningRequest first = SigningRequest.of(ImageReference.of(repository, image.digest()), SigningKey.generate("first"))
                .withLayouts(EnumSet.of(SignatureLayout.BUNDLE));
        registry.resetCalls();
        signer.sign(first, image.descriptor());
        int firstUploads = registry.calls("putBlob");
        registry.resetCalls();

        SigningResult second = signer.sign(SigningRequest.of(ImageReference.of(repository, image.digest()), key)
                .withLayouts(EnumSet.of(SignatureLayout.BUNDLE)), image.descriptor());

        assertThat(second.signatures()).singleElement().satisfies(stored -> assertThat(stored.created()).isTrue());
        assertThat(firstUploads).as("the bundle and the empty config").isEqualTo(2);
        assertThat(registry.calls("putBlob")).as("the bundle only").isEqualTo(1);
        assertThat(registry.blobExists(repository, BundleManifest.EMPTY_CONFIG_DIGEST)).isTrue();
    }

    private SigningRequest legacy(RawManifest image, SigningKey signingKey) {
        return SigningRequest.of(ImageReference.of(repository, image.digest()), signingKey).withLayouts(EnumSet.of(SignatureLayout.LEGACY));
    }

    private List<Descriptor> sigLayers(RawManifest image) {
        RawManifest sig = registry.findManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest())))).orElseThrow();
        return SignatureManifest.signatureLayers(sig, "sig");
    }
}

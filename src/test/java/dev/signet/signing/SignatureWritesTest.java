package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.SigningKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.SignatureLayout;
import dev.signet.testing.FakeRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
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
}

package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.json.Json;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.SignatureLayout;
import dev.signet.testing.FakeRegistryClient;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PushSignerTest {
    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final Repository repository = Repository.parse("registry.local/team/app");
    private final SigningKey key = SigningKey.generate("ci");
    private final KeyProvider keys = new KeyProvider() {
        @Override
        public SigningKey signingKey(String keyRef) {
            return key;
        }

        @Override
        public VerificationKey verificationKey(String keyRef) {
            return key.verificationKey();
        }
    };
    private final PushSigner signer = new PushSigner(List.of(new SigningRule(List.of(ImagePattern.parse("registry.local/*")), "ci")),
            EnumSet.of(SignatureLayout.BUNDLE), keys, registry, new ImageSigner(registry, Clock.systemUTC()));

    private PushOutcome push(RawManifest manifest) {
        return signer.handle(new PushedImage(ImageReference.of(repository, manifest.digest()), Optional.empty(), Optional.of(manifest.mediaType())));
    }

    @Test
    void handle_untaggedReferrersFallbackIndex_isNeverSigned() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        Descriptor referrer = Descriptor.of(MediaTypes.OCI_MANIFEST, "{}".getBytes()).withArtifactType(BundleFormat.BUNDLE_V03);
        RawManifest fallbackIndex = RawManifest.of(Json.write(ImageIndex.of(List.of(referrer))), MediaTypes.OCI_INDEX);
        registry.push(repository, null, fallbackIndex);

        PushOutcome outcome = push(fallbackIndex);

        assertThat(outcome.kind()).isEqualTo(PushOutcome.Kind.SKIPPED);
        assertThat(outcome.message()).endsWith("is a referrers index");
        assertThat(push(image).kind()).isEqualTo(PushOutcome.Kind.SIGNED);
    }

    @Test
    void handle_multiPlatformIndex_isSigned() {
        RawManifest amd64 = registry.pushRandomImage(repository, null);
        RawManifest index = RawManifest.of(Json.write(ImageIndex.of(List.of(amd64.descriptor()))), MediaTypes.OCI_INDEX);
        registry.push(repository, "multi", index);

        assertThat(push(index).kind()).isEqualTo(PushOutcome.Kind.SIGNED);
    }
}

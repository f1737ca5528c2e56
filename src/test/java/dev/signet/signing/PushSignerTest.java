package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Reason;
import dev.signet.json.Json;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.RegistryUnavailableException;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureTags;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.OneKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PushSignerTest {
    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final Repository repository = Repository.parse("registry.local/team/app");
    private final SigningKey key = SigningKey.generate("ci");
    private final KeyProvider keys = new OneKey(key);
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
    void handle_concurrentPushesOfOneDigestAfterATransientFailure_signOnce() throws Exception {
        PushSigner both = new PushSigner(List.of(new SigningRule(List.of(ImagePattern.parse("registry.local/*")), "ci")),
                EnumSet.of(SignatureLayout.LEGACY, SignatureLayout.BUNDLE), keys, registry, new ImageSigner(registry, Clock.systemUTC()));
        RawManifest image = registry.pushRandomImage(repository, "v1");
        PushedImage pushed = new PushedImage(ImageReference.of(repository, image.digest()), Optional.empty(), Optional.of(image.mediaType()));
        AtomicInteger fetches = new AtomicInteger();
        // the first holder fails after 100 ms (its event is redelivered) while the second push waits for the lock;
        // each write takes 150 ms, so the third push arrives after the first released the lock, while the second signs
        registry.beforeCall("getManifest", reference -> {
            if (fetches.incrementAndGet() == 1) {
                sleep(100);
                throw new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, "fetch manifest", reference.toString(), "test outage", null, 503, List.of(), null);
            }
        });
        registry.beforeCall("putManifest", reference -> sleep(150));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<PushOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                outcomes.add(pool.submit(() -> both.handle(pushed)));
                sleep(i == 0 ? 50 : 150); // arrivals at 0, 50 and 200 ms
            }
            for (Future<PushOutcome> outcome : outcomes) {
                try {
                    outcome.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(RegistryUnavailableException.class);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(registry.referrers(repository, image.digest(), BundleFormat.BUNDLE_V03).manifests()).hasSize(1);
        ImageReference sigTag = ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest())));
        assertThat(registry.getManifest(sigTag).asImageManifest().layers()).hasSize(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sleep in test: interrupted", e);
        }
    }

    @Test
    void handle_multiPlatformIndex_isSigned() {
        RawManifest amd64 = registry.pushRandomImage(repository, null);
        RawManifest index = RawManifest.of(Json.write(ImageIndex.of(List.of(amd64.descriptor()))), MediaTypes.OCI_INDEX);
        registry.push(repository, "multi", index);

        assertThat(push(index).kind()).isEqualTo(PushOutcome.Kind.SIGNED);
    }
}

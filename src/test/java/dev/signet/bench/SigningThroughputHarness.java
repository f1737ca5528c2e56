package dev.signet.bench;

import dev.signet.keys.SigningKey;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Signing throughput without notifications: images are pushed first (untimed), then signed by {@link ImageSigner}
 * on N threads against the loopback registry. Separates what signing itself costs from the notification path that
 * {@link SignOnPushHarness} measures. Run with {@code bench/signing-throughput [images] [threads]}.
 */
public final class SigningThroughputHarness {
    private SigningThroughputHarness() {
    }

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        try (LocalRegistry registry = LocalRegistry.anonymous()) {
            HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());
            Repository repository = registry.repository("bench/throughput");
            List<RawManifest> pushed = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                pushed.add(Images.pushRandom(client, repository, "t" + i));
            }
            ImageSigner signer = new ImageSigner(client, Clock.systemUTC());
            SigningKey key = SigningKey.generate("bench");
            for (int i = 0; i < 20; i++) {
                signer.sign(SigningRequest.of(ImageReference.of(repository, pushed.get(i).digest()), key));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (RawManifest image : pushed.subList(20, images)) {
                done.add(pool.submit(() -> signer.sign(SigningRequest.of(ImageReference.of(repository, image.digest()), key))));
            }
            for (Future<?> future : done) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf("ImageSigner alone: %.1f signings/s (%d images, %d threads, legacy layout)%n", (images - 20) / seconds, images - 20, threads);
            BenchResult.emit("signer.threads" + threads + ".signings_per_s", (images - 20) / seconds);
        }
    }
}

package dev.signet.bench;

import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.SigningKey;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.signature.SignatureTags;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Push notification to stored signature, end to end through real processes: the packaged app
 * ({@code target/quarkus-app/quarkus-run.jar}, embedded default: file key, in-process signing) and a distribution
 * registry that notifies it. Reports (1) latency from a push's manifest PUT returning to its {@code .sig} tag
 * existing, p50/p90/p99 over sequential pushes, and (2) sustained signings per second for a burst of pushes from
 * four concurrent pushers. Run with {@code bench/sign-on-push}.
 */
public final class SignOnPushHarness {
    private SignOnPushHarness() {
    }

    public static void main(String[] args) throws Exception {
        int latencyPushes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int burst = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path keys = Files.createTempDirectory("bench-keys");
        Path folder = Files.createDirectories(keys.resolve("bench"));
        SigningKey key = SigningKey.generate("bench");
        Files.writeString(folder.resolve("cosign.key"), CosignEncryptedKey.encrypt(key, "bench".toCharArray()));
        Files.writeString(folder.resolve("cosign.password"), "bench");
        int port = freePort();
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dsignet.keys.source=files", "-Dsignet.keys.dir=" + keys,
                // the packaged app's prod profile reads policies from Kubernetes; none are needed to sign
                "-Dsignet.policies.source=files", "-Dsignet.policies.dir=" + Files.createTempDirectory("bench-policies"),
                "-Dsignet.signing.rules[0].images=127.0.0.1:*/*", "-Dsignet.signing.rules[0].key=bench",
                "-Dsignet.signing.format=legacy",
                // a loopback registry without notification headers (LocalRegistry): the prod profile's webhook
                // authentication is switched off for this measurement only
                "-Dsignet.ingest.require-authentication=false", "-Dquarkus.log.level=WARN", "-Dquarkus.log.category.\"dev.signet\".level=WARN",
                "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true).redirectOutput(keys.resolve("app.log").toFile()).start();
        try (LocalRegistry registry = LocalRegistry.builder().notifications(URI.create("http://127.0.0.1:" + port + "/ingest/distribution")).start()) {
            awaitReady(port);
            HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());
            Repository repository = registry.repository("bench/app");
            for (int i = 0; i < 20; i++) {
                pushAndWait(client, repository, "warm" + i);
            }
            LatencySamples latencies = new LatencySamples();
            for (int i = 0; i < latencyPushes; i++) {
                latencies.add(pushAndWait(client, repository, "lat" + i));
            }
            double p50 = latencies.percentileMillis(0.50);
            double p90 = latencies.percentileMillis(0.90);
            double p99 = latencies.percentileMillis(0.99);
            System.out.printf("push -> signature stored, %d sequential pushes: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms%n", latencyPushes, p50, p90, p99);
            BenchResult.emit("push.signed_p50_ms", p50);
            BenchResult.emit("push.signed_p90_ms", p90);
            BenchResult.emit("push.signed_p99_ms", p99);
            double perSecond = throughput(client, registry.repository("bench/burst"), burst);
            System.out.printf("sustained: %.1f signings/s (%d pushes from 4 concurrent pushers, until every signature exists)%n", perSecond, burst);
            BenchResult.emit("push.signings_per_s", perSecond);
            BenchResult.emit("push.app_rss_mib", BenchResult.rssMib(app.pid()));
        } finally {
            app.destroy();
        }
    }

    /** Nanoseconds from the push's manifest PUT returning until its signature tag answers. */
    private static long pushAndWait(HttpRegistryClient client, Repository repository, String tag) throws InterruptedException {
        RawManifest image = Images.pushRandom(client, repository, tag);
        long start = System.nanoTime();
        ImageReference signatures = ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest())));
        while (client.headManifest(signatures).isEmpty()) {
            if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
                throw new IllegalStateException("no signature for " + image.digest() + " after 30 s");
            }
            Thread.sleep(0, 200_000);
        }
        return System.nanoTime() - start;
    }

    private static double throughput(HttpRegistryClient client, Repository repository, int pushes) throws Exception {
        ExecutorService pushers = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        List<Future<RawManifest>> pushed = new ArrayList<>();
        for (int i = 0; i < pushes; i++) {
            String tag = "b" + i;
            pushed.add(pushers.submit(() -> Images.pushRandom(client, repository, tag)));
        }
        for (Future<RawManifest> future : pushed) {
            RawManifest image = future.get();
            ImageReference signatures = ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest())));
            while (client.headManifest(signatures).isEmpty()) {
                Thread.sleep(5);
            }
        }
        pushers.shutdown();
        return pushes / ((System.nanoTime() - start) / 1e9);
    }

    private static void awaitReady(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        // generous: on two cores shared with builds, start-up alone has taken over 30 s
        for (int i = 0; i < 1200; i++) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the app did not become ready in 120 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

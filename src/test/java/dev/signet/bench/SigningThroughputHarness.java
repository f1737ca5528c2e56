package dev.signet.bench;

import dev.signet.keys.SigningKey;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.RequestLog;
import dev.signet.registry.transport.Sleeper;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Signing throughput without notifications: images are pushed first (untimed), then signed by {@link ImageSigner}
 * on N threads against the loopback registry. Separates what signing itself costs from the notification path that
 * {@link SignOnPushHarness} measures. Also prints the registry requests of one signing (counted on a separate client,
 * untimed) and the CPU a signing costs in this JVM and in the registry process, which the machine's load does not
 * inflate as it does the wall time. Run with {@code bench/signing-throughput [images] [threads] [legacy|bundle|both]}.
 */
public final class SigningThroughputHarness {
    /** Images signed before the timed phase: 10 by the timed signer, 10 counted, the rest to warm the JIT. */
    private static final int WARM_UP = 100;

    private SigningThroughputHarness() {
    }

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        if (images <= WARM_UP) {
            throw new IllegalArgumentException("sign more than the " + WARM_UP + " images of the warm-up, not " + images);
        }
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String layout = args.length > 2 ? args[2] : "legacy";
        Set<SignatureLayout> layouts = switch (layout) {
            case "legacy" -> EnumSet.of(SignatureLayout.LEGACY);
            case "bundle" -> EnumSet.of(SignatureLayout.BUNDLE);
            case "both" -> EnumSet.allOf(SignatureLayout.class);
            default -> throw new IllegalArgumentException("layout must be legacy, bundle or both, not " + layout);
        };
        // BENCH_REGISTRY_STORAGE=inmemory: the registry keeps what is pushed in memory, so its files cost nothing
        boolean inMemory = "inmemory".equals(System.getenv("BENCH_REGISTRY_STORAGE"));
        try (LocalRegistry registry = inMemory ? LocalRegistry.builder().inMemoryStorage().start() : LocalRegistry.anonymous()) {
            HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());
            Repository repository = registry.repository("bench/throughput");
            List<RawManifest> pushed = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                pushed.add(Images.pushRandom(client, repository, "t" + i));
            }
            ImageSigner signer = new ImageSigner(client, Clock.systemUTC());
            SigningKey key = SigningKey.generate("bench");
            for (int i = 0; i < 10; i++) {
                signer.sign(SigningRequest.of(ImageReference.of(repository, pushed.get(i).digest()), key).withLayouts(layouts));
            }
            RequestLog wire = new RequestLog(SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT));
            ImageSigner counted = new ImageSigner(new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(), wire, Sleeper.system()),
                    Clock.systemUTC());
            counted.sign(SigningRequest.of(ImageReference.of(repository, pushed.get(10).digest()), key).withLayouts(layouts)); // the scheme probe
            wire.clear();
            for (int i = 11; i < 20; i++) {
                counted.sign(SigningRequest.of(ImageReference.of(repository, pushed.get(i).digest()), key).withLayouts(layouts));
            }
            BenchResult.emit("signer." + layout + ".requests_per_signing", requestsPerSigning("one signing (" + layout + ")", wire));
            SigningKey second = SigningKey.generate("second");
            wire.clear();
            for (int i = 11; i < 20; i++) {
                counted.sign(SigningRequest.of(ImageReference.of(repository, pushed.get(i).digest()), second).withLayouts(layouts));
            }
            BenchResult.emit("signer." + layout + ".second_key.requests_per_signing", requestsPerSigning("a second key's signing (" + layout + ")", wire));
            // the timed phase is the sustained rate: the JIT has compiled the signing path before it starts
            for (int i = 20; i < WARM_UP; i++) {
                signer.sign(SigningRequest.of(ImageReference.of(repository, pushed.get(i).digest()), key).withLayouts(layouts));
            }

            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long jvmBefore = os.getProcessCpuTime();
            long registryBefore = childrenCpuNanos();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (RawManifest image : pushed.subList(WARM_UP, images)) {
                done.add(pool.submit(() -> signer.sign(SigningRequest.of(ImageReference.of(repository, image.digest()), key).withLayouts(layouts))));
            }
            for (Future<?> future : done) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double jvmMillis = (os.getProcessCpuTime() - jvmBefore) / 1e6 / (images - WARM_UP);
            double registryMillis = (childrenCpuNanos() - registryBefore) / 1e6 / (images - WARM_UP);
            pool.shutdown();
            System.out.printf("ImageSigner alone: %.1f signings/s (%d images, %d threads, %s layout, registry storage %s); CPU per signing: %.2f ms in this JVM + %.2f ms in the registry%n",
                    (images - WARM_UP) / seconds, images - WARM_UP, threads, layout, inMemory ? "in memory" : "files", jvmMillis, registryMillis);
            BenchResult.emit("signer.threads" + threads + ".signings_per_s", (images - WARM_UP) / seconds);
            BenchResult.emit("signer." + layout + ".jvm_cpu_ms", jvmMillis);
            BenchResult.emit("signer." + layout + ".registry_cpu_ms", registryMillis);
        }
    }

    /** Prints and returns the requests per signing of the last 9 signings {@code wire} saw, by method, kind and status. */
    private static double requestsPerSigning(String what, RequestLog wire) {
        Map<String, Long> byKind = wire.exchanges().stream().collect(Collectors.groupingBy(
                exchange -> exchange.method() + " " + exchange.kind() + " " + exchange.status(), TreeMap::new, Collectors.counting()));
        double requests = wire.exchanges().size() / 9.0;
        System.out.printf("%s: %.1f registry requests %s%n", what, requests,
                byKind.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue() / 9.0).collect(Collectors.joining(", ", "(", ")")));
        return requests;
    }

    private static long childrenCpuNanos() {
        return ProcessHandle.current().children().mapToLong(child -> child.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }
}

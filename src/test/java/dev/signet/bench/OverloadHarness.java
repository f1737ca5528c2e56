package dev.signet.bench;

import dev.signet.keys.SigningKey;
import dev.signet.oci.RawManifest;
import dev.signet.policy.AdmissionSubject;
import dev.signet.policy.FailurePolicy;
import dev.signet.policy.PodSpecs;
import dev.signet.policy.PolicyDocuments;
import dev.signet.policy.PolicyEvaluator;
import dev.signet.policy.PolicyRepository;
import dev.signet.policy.PolicySet;
import dev.signet.policy.Verdict;
import dev.signet.policy.VerdictCache;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import dev.signet.verification.RegistryLanes;
import dev.signet.verification.SignatureFetcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 13, item 10: verdicts for images on a healthy registry while a flood of pods names registries that accept
 * connections and never answer. Four rows: one pool for every registry (before: {@code shared}) or a share per
 * registry ({@code lanes}, as the app is wired), each without and with the flood. The healthy admissions run one after
 * the other, cold (the verdict cache emptied before each), pinned, against the loopback distribution registry; the
 * flood's admissions each name a fresh digest (nothing to coalesce) on one of two silent registries, from
 * {@code floodThreads} threads with the app's 9 s budget. App wiring otherwise: 16 threads (8 more for slow
 * registries), queue 1024, per-request timeout 5 s, a registry slow after a task of 1 s. Prints the healthy latencies and errors per row and the ratio of each mode's flooded p50 to its quiet
 * one. Run with {@code bench/overload [seconds per row=20] [flood threads=48]}.
 */
public final class OverloadHarness {
    private static final int THREADS = 16;
    private static final int QUEUE = 1024;
    private static final Duration HEALTHY_BUDGET = Duration.ofSeconds(8);
    private static final Duration FLOOD_BUDGET = Duration.ofSeconds(9);
    private static final AdmissionSubject SUBJECT = new AdmissionSubject("Pod", "default", Map.of());

    private OverloadHarness() {
    }

    /** What the healthy admissions of one row saw. */
    private record Row(String mode, int flood, LatencySamples latencies, long errors, long floodAdmissions) {
        String line() {
            return String.format("| %-6s | %5d | %8s | %8s | %8s | %6d | %5d | %16d |", mode, flood, millis(0.5), millis(0.9), millis(0.99), errors,
                    latencies.count() + errors, floodAdmissions);
        }

        /** A percentile of the allowed verdicts, or a dash when none was allowed. */
        private String millis(double p) {
            return latencies.count() == 0 ? "-" : String.format("%.1f", latencies.percentileMillis(p));
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int floodThreads = args.length > 1 ? Integer.parseInt(args[1]) : 48;
        try (LocalRegistry registry = LocalRegistry.anonymous(); Silent first = new Silent(); Silent second = new Silent()) {
            HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());
            SigningKey signer = SigningKey.generate("ci");
            Repository repository = registry.repository("bench/healthy");
            RawManifest manifest = Images.pushRandom(client, repository, "v1");
            ImageReference healthy = ImageReference.of(repository, manifest.digest());
            new ImageSigner(client, Clock.systemUTC()).sign(SigningRequest.of(healthy, signer).withLayouts(EnumSet.of(SignatureLayout.LEGACY)));
            PolicySet policies = compile(AdmissionFixture.policy("*", List.of(signer.verificationKey())));
            List<Registry> silent = List.of(first.registry(), second.registry());

            List<Row> rows = new ArrayList<>();
            for (String mode : List.of("shared", "lanes")) {
                for (int flood : List.of(0, floodThreads)) {
                    rows.add(run(mode, flood, seconds, client, policies, healthy, silent));
                    System.out.println(rows.get(rows.size() - 1).line());
                }
            }
            System.out.println();
            System.out.println("| mode   | flood | p50 ms   | p90 ms   | p99 ms   | errors | n     | flood admissions |");
            System.out.println("|--------|-------|----------|----------|----------|--------|-------|------------------|");
            rows.forEach(row -> System.out.println(row.line()));
            for (int i = 0; i < rows.size(); i += 2) {
                Row quiet = rows.get(i);
                Row flooded = rows.get(i + 1);
                System.out.printf("%s: flooded p50 / quiet p50 = %.2fx, errors under flood %d of %d%n", quiet.mode(),
                        flooded.latencies().percentileMillis(0.5) / quiet.latencies().percentileMillis(0.5), flooded.errors(),
                        flooded.errors() + flooded.latencies().count());
            }
        }
        System.exit(0); // the flood's stalled requests end with their own timeouts; nothing more to wait for
    }

    private static Row run(String mode, int flood, int seconds, HttpRegistryClient client, PolicySet policies, ImageReference healthy,
            List<Registry> silent) throws InterruptedException {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(THREADS + QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "signet-verification");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        ThreadPoolExecutor slowPool = new ThreadPoolExecutor(THREADS / 2, THREADS / 2, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(THREADS + QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "signet-verification-slow");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        RegistryLanes lanes = mode.equals("lanes")
                ? new RegistryLanes(pool, slowPool, THREADS / 2, 256, THREADS + QUEUE, Duration.ofSeconds(1), System::nanoTime)
                : RegistryLanes.direct(pool);
        VerdictCache cache = new VerdictCache(Duration.ofMinutes(10), 100_000);
        PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(client, lanes), AdmissionFixture.NO_SECRETS, cache, lanes,
                FailurePolicy.FAIL);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong floodAdmissions = new AtomicLong();
        ExecutorService flooders = Executors.newFixedThreadPool(Math.max(1, flood), runnable -> {
            Thread thread = new Thread(runnable, "flood");
            thread.setDaemon(true);
            return thread;
        });
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < flood; i++) {
            Registry target = silent.get(i % silent.size());
            flooders.execute(() -> {
                while (running.get()) {
                    byte[] bytes = new byte[32];
                    random.nextBytes(bytes);
                    String image = target + "/flood/app@sha256:" + HexFormat.of().formatHex(bytes);
                    evaluator.evaluate(SUBJECT, List.of(new PodSpecs.ContainerImage(image, "c", "/spec/containers/0/image")), policies, FLOOD_BUDGET);
                    floodAdmissions.incrementAndGet();
                }
            });
        }
        if (flood > 0) {
            Thread.sleep(2000); // let the flood take what it can of the threads
        }
        LatencySamples latencies = new LatencySamples();
        long errors = 0;
        List<PodSpecs.ContainerImage> pod = List.of(new PodSpecs.ContainerImage(healthy.toString(), "c", "/spec/containers/0/image"));
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            cache.invalidateAll();
            long start = System.nanoTime();
            Verdict verdict = evaluator.evaluate(SUBJECT, pod, policies, HEALTHY_BUDGET);
            long took = System.nanoTime() - start;
            if (verdict.allowed()) {
                latencies.add(took);
            } else {
                errors++;
            }
        }
        running.set(false);
        flooders.shutdownNow();
        pool.shutdownNow();
        slowPool.shutdownNow();
        return new Row(mode, flood, latencies, errors, floodAdmissions.get());
    }

    private static PolicySet compile(String yaml) {
        PolicyRepository repository = new PolicyRepository();
        repository.put("bench#0", PolicyDocuments.read(yaml, "bench.yaml").get(0), "bench.yaml");
        return repository.current();
    }

    /** A registry on loopback that accepts connections and never answers: a registry that stopped working. */
    private static final class Silent implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        Silent() throws IOException {
            server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-registry");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        Registry registry() {
            return new Registry("127.0.0.1:" + server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}

package dev.signet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.testing.Images;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak of issue 7, against a running app and the registry that notifies it (both started by {@code bench/soak}):
 * for a given time, pushes random images to {@code signed/*} (signed on push) and {@code unsigned/*} (not), now and
 * then re-tags an earlier image (a second notification of a digest: it must not gain a second signature), admits
 * about one signed/ push in four right away (before its signature, usually), and sends AdmissionReviews for pods
 * running random images already pushed. A {@code signed/*} image must be allowed once its {@code .sig} tag exists
 * (before that the answer depends on timing and is not judged; see {@link SoakImages}), any pod with an
 * {@code unsigned/*} image must be denied. At the end every {@code signed/*} push must carry exactly one signature
 * layer and no {@code unsigned/*} push any. Exits 1 on any wrong verdict, failed request, failed push, lost or
 * duplicated signature.
 *
 * <p>Usage: {@code SoakHarness REGISTRY APP_URL SECONDS [pushes/s=4] [admissions/s=50, 0: unpaced] [threads=4]}
 */
public final class SoakHarness {
    private static final int REPOSITORIES = 8;
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final HttpRegistryClient client;
    private final Registry registry;
    private final AdmissionProbe probe;
    private final SoakImages images = new SoakImages();
    private final ConcurrentLinkedQueue<SoakImages.Pushed> pending = new ConcurrentLinkedQueue<>();
    private final LatencySamples signingLatency = new LatencySamples();
    private final AtomicLong pushCount = new AtomicLong();
    private final LongAdder retags = new LongAdder();
    private final LongAdder pushFailures = new LongAdder();

    private SoakHarness(Registry registry, URI app) {
        this.registry = registry;
        this.client = new HttpRegistryClient(RegistryOptions.defaults().withInsecureRegistries(Set.of(registry)), CredentialProvider.anonymous());
        this.probe = new AdmissionProbe(app, new ObjectMapper());
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: SoakHarness REGISTRY APP_URL SECONDS [pushes/s=4] [admissions/s=50] [threads=4]");
            System.exit(2);
        }
        Registry registry = Registry.parse(args[0]);
        URI app = URI.create(args[1]);
        long seconds = Long.parseLong(args[2]);
        double pushRate = args.length > 3 ? Double.parseDouble(args[3]) : 4;
        double admissionRate = args.length > 4 ? Double.parseDouble(args[4]) : 50;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        System.exit(new SoakHarness(registry, app).run(Duration.ofSeconds(seconds), pushRate, admissionRate, threads) ? 0 : 1);
    }

    private boolean run(Duration duration, double pushRate, double admissionRate, int threads) throws InterruptedException {
        System.out.printf("soak: %d s, %.1f pushes/s, %s admissions/s on %d threads, registry %s, app %s%n", duration.toSeconds(), pushRate,
                admissionRate > 0 ? String.format("%.0f", admissionRate) : "unpaced", threads, registry, probe.app());
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        ExecutorService pushers = Executors.newFixedThreadPool(2);
        ticks.scheduleAtFixedRate(() -> pushers.execute(this::pushOne), 0, (long) (1e9 / pushRate), TimeUnit.NANOSECONDS);
        Thread watcher = new Thread(this::watchSignatures, "signature-watcher");
        watcher.setDaemon(true);
        watcher.start();
        List<Thread> workers = new ArrayList<>();
        AtomicLong ticket = new AtomicLong();
        long interval = admissionRate > 0 ? (long) (1e9 / admissionRate) : 0;
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> admit(start, end, interval, ticket), "admission-" + i);
            worker.start();
            workers.add(worker);
        }
        long nextReport = start + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            Thread.sleep(200);
            if (System.nanoTime() >= nextReport) {
                progress(start);
                nextReport += TimeUnit.SECONDS.toNanos(30);
            }
        }
        for (Thread worker : workers) {
            worker.join();
        }
        ticks.shutdown();
        pushers.shutdown();
        pushers.awaitTermination(30, TimeUnit.SECONDS);
        double admissionSeconds = (System.nanoTime() - start) / 1e9;
        long settleStart = System.nanoTime();
        while (!pending.isEmpty() && System.nanoTime() - settleStart < SETTLE.toNanos()) {
            Thread.sleep(100);
        }
        System.out.printf("settle: %d signature(s) still missing after %.1f s%n", pending.size(), (System.nanoTime() - settleStart) / 1e9);
        Thread.sleep(5_000); // a late duplicate (a redelivered notification) would land now
        return report(admissionSeconds, images.tally(client));
    }

    /**
     * One push: a new random image under signed/ or unsigned/, or (one tick in ten) an earlier image under a new tag.
     * One signed/ push in four or so is admitted at once, as a pipeline that deploys right after pushing would.
     */
    private void pushOne() {
        long n = pushCount.incrementAndGet();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            if (n % 10 == 0) {
                Optional<SoakImages.Pushed> earlier = images.anyPushed(random);
                if (earlier.isPresent()) {
                    ImageReference retagged = ImageReference.of(earlier.get().tagged().context(), Tag.parse("r" + n));
                    client.putManifest(retagged, earlier.get().manifest());
                    retags.increment();
                    return;
                }
            }
            boolean signed = random.nextBoolean();
            Repository repository = Repository.of(registry, (signed ? "signed/app" : "unsigned/app") + (n % REPOSITORIES));
            RawManifest manifest = Images.pushRandom(client, repository, "t" + n);
            // latency counts from the manifest PUT returning, as bench/sign-on-push does
            SoakImages.Pushed image = new SoakImages.Pushed(ImageReference.of(repository, Tag.parse("t" + n)), manifest, signed, System.nanoTime());
            images.add(image);
            if (signed) {
                pending.add(image);
                if (n % 4 == 1) {
                    probe.send(images.podOf(image, random)); // CI deploys right after pushing: before the signature, usually
                }
            }
        } catch (RuntimeException e) {
            pushFailures.increment();
            System.out.println("push failed: " + e.getMessage());
        }
    }

    /** Marks signed pushes ready once their {@code .sig} tag answers a HEAD; records push to signature latency. */
    private void watchSignatures() {
        while (true) {
            for (SoakImages.Pushed image : pending) {
                try {
                    if (client.headManifest(image.signatureTag()).isPresent()) {
                        image.markSigned(System.nanoTime());
                        signingLatency.add(image.signedAt() - image.pushedAt());
                        pending.remove(image);
                    }
                } catch (RuntimeException e) {
                    // the registry is busy; the next sweep asks again
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void admit(long start, long end, long interval, AtomicLong ticket) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            if (interval > 0) {
                long slot = start + ticket.getAndIncrement() * interval;
                long wait = slot - System.nanoTime();
                if (slot >= end) {
                    return;
                }
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            } else if (System.nanoTime() >= end) {
                return;
            }
            images.pod(random).ifPresent(probe::send);
        }
    }

    private void progress(long start) {
        long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
        System.out.printf("[%4d s] pushes %d (%d signed/, %d unsigned/, %d re-tags, %d failed), signatures seen %d, pending %d; "
                        + "admissions %d (%.1f/s), not judged %d, wrong %d, failed %d%n",
                elapsed, images.signedCount() + images.unsignedCount() + retags.sum(), images.signedCount(), images.unsignedCount(), retags.sum(),
                pushFailures.sum(), signingLatency.count(), pending.size(), probe.sent(), probe.sent() / (double) Math.max(1, elapsed),
                probe.early(), probe.wrong(), probe.failed());
    }

    private boolean report(double admissionSeconds, SoakImages.Tally tally) {
        System.out.println();
        System.out.println("== soak summary");
        System.out.printf("pushes: %d to signed/, %d to unsigned/, %d re-tags of earlier images, %d failed pushes%n",
                images.signedCount(), images.unsignedCount(), retags.sum(), pushFailures.sum());
        System.out.printf("push -> .sig tag seen: %s%n", signingLatency.summary());
        System.out.printf("admissions: %d in %.0f s = %.1f/s: %d must be allowed, %d must be denied, %d not judged (sent before the image's "
                        + "signature was seen or within %d s after: %s)%n", probe.sent(), admissionSeconds, probe.sent() / admissionSeconds,
                probe.expectedAllowed(), probe.expectedDenied(), probe.early(), SoakImages.GRACE.toSeconds(), probe.earlyAnswers());
        System.out.printf("admission latency: %s%n", probe.latency().summary());
        System.out.printf("wrong verdicts: %d; failed requests (HTTP error, timeout, bad body): %d; denials not for a missing signature: %d%n",
                probe.wrong(), probe.failed(), probe.deniedForOtherReason());
        probe.problems().forEach(problem -> System.out.println("  " + problem));
        System.out.printf("signatures at the end: signed/ pushes with exactly 1 layer %d, lost (none) %d, duplicated (>1) %d; unsigned/ pushes signed %d%n",
                tally.exactlyOne(), tally.lost(), tally.duplicated(), tally.unsignedSigned());
        tally.problems().forEach(problem -> System.out.println("  " + problem));
        BenchResult.emit("soak.pushes", images.signedCount() + images.unsignedCount() + retags.sum());
        BenchResult.emit("soak.push_failures", pushFailures.sum());
        BenchResult.emit("soak.signed_p50_ms", signingLatency.percentileMillis(0.50));
        BenchResult.emit("soak.signed_p99_ms", signingLatency.percentileMillis(0.99));
        BenchResult.emit("soak.admissions", probe.sent());
        BenchResult.emit("soak.admissions_per_s", probe.sent() / admissionSeconds);
        BenchResult.emit("soak.judged", probe.expectedAllowed() + probe.expectedDenied());
        BenchResult.emit("soak.admission_p50_ms", probe.latency().percentileMillis(0.50));
        BenchResult.emit("soak.admission_p99_ms", probe.latency().percentileMillis(0.99));
        BenchResult.emit("soak.wrong_verdicts", probe.wrong());
        BenchResult.emit("soak.failed_requests", probe.failed());
        BenchResult.emit("soak.signed_pushes", images.signedCount());
        BenchResult.emit("soak.signed_exactly_once", tally.exactlyOne());
        BenchResult.emit("soak.lost", tally.lost());
        BenchResult.emit("soak.duplicated", tally.duplicated());
        BenchResult.emit("soak.unsigned_signed", tally.unsignedSigned());
        boolean ok = probe.wrong() == 0 && probe.failed() == 0 && tally.lost() == 0 && tally.duplicated() == 0 && tally.unsignedSigned() == 0
                && pushFailures.sum() == 0 && probe.sent() > 0;
        System.out.println(ok ? "verdicts and signatures: OK" : "verdicts and signatures: FAILED");
        return ok;
    }
}

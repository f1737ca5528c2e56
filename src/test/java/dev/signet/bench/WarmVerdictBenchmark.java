package dev.signet.bench;

import dev.signet.policy.PodSpecs;
import dev.signet.policy.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm-cache verdicts in-process: {@code PolicyEvaluator.evaluate} for a one-image pod whose rule outcome is cached,
 * on two threads (the two cores). {@code DIGEST}: the image is pinned ({@code repo@sha256:..}), so a verdict needs no
 * registry request; target (issue 5) >= 50,000 verdicts/s. {@code TAG}: {@code signet.verification.tag-ttl=0}, so a
 * tag is resolved by one manifest HEAD per admission (concurrent admissions share one), and this measures the
 * loopback registry's HEAD rate. {@code TAG_TTL}: the default {@code tag-ttl=1s}: the mutating webhook pins the tag to
 * the digest it verified, so it may reuse a resolution for a second (one HEAD a second per tag); target (issue 18,
 * item 5) >= 5,000 reviews/s by tag, warm. Run with {@code bench/run WarmVerdictBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(2)
@Fork(1)
public class WarmVerdictBenchmark {
    @Param({"DIGEST", "TAG", "TAG_TTL"})
    public String reference;

    private AdmissionFixture fixture;
    private List<PodSpecs.ContainerImage> pod;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new AdmissionFixture(1, 1, true, reference.equals("TAG_TTL") ? Duration.ofSeconds(1) : Duration.ZERO);
        boolean pinned = reference.equals("DIGEST");
        pod = fixture.containers(pinned);
        AdmissionFixture.Requests requests = fixture.requestsPerVerdict(pinned, true);
        System.out.println("\nwarm verdict, one image by " + reference + ": " + requests);
        BenchResult.emit("warm.requests." + reference.toLowerCase(Locale.ROOT), requests.total());
        AdmissionFixture.allowed(fixture.evaluate(pod));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.println("\ncache: " + fixture.cache.misses() + " misses, " + fixture.cache.hits() + " hits, " + fixture.cache.coalesced() + " coalesced");
        fixture.close();
    }

    @Benchmark
    public Verdict warmVerdict() {
        return AdmissionFixture.allowed(fixture.evaluate(pod));
    }
}

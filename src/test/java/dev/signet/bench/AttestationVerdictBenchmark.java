package dev.signet.bench;

import dev.signet.policy.PodSpecs;
import dev.signet.policy.Verdict;
import java.time.Duration;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 15: verdicts for a one-image pod, pinned by digest, under one rule that checks the image signature
 * ({@code rule=signature}) or the signature and a SLSA provenance attestation with one condition on the builder
 * ({@code rule=attestation}), against the loopback registry. {@code cold}: the verdict cache is emptied before every
 * invocation, so each verdict reads the {@code .sig} and the {@code .att} and evaluates the condition; {@code warm}:
 * the outcome is cached. The requests of one cold verdict are printed at the start of a trial. Run with
 * {@code bench/run AttestationVerdictBenchmark}.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AttestationVerdictBenchmark {

    /** The fixture: a registry with one signed (and attested) image and the policy. */
    @State(Scope.Benchmark)
    public static class Pod {
        @Param({"signature", "attestation"})
        public String rule;

        AdmissionFixture fixture;
        List<PodSpecs.ContainerImage> pod;

        @Setup(Level.Trial)
        public void setUp() {
            fixture = new AdmissionFixture(1, 1, true, Duration.ZERO, rule.equals("attestation"));
            pod = fixture.containers(true);
            AdmissionFixture.Requests requests = fixture.requestsPerVerdict(true, false);
            System.out.println("\ncold verdict, one pinned image, rule " + rule + ": " + requests);
            BenchResult.emit("attestation." + rule + ".requests", requests.total());
            AdmissionFixture.allowed(fixture.evaluate(pod));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            fixture.close();
        }
    }

    /** The same, with the verdict cache emptied before each invocation. */
    @State(Scope.Benchmark)
    public static class ColdPod extends Pod {
        @Setup(Level.Invocation)
        public void emptyCache() {
            fixture.cache.invalidateAll();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Verdict cold(ColdPod state) {
        return AdmissionFixture.allowed(state.fixture.evaluate(state.pod));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Verdict warm(Pod state) {
        return AdmissionFixture.allowed(state.fixture.evaluate(state.pod));
    }
}

package dev.signet.bench;

import dev.signet.policy.PodSpecs;
import dev.signet.policy.Verdict;
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
 * Cold verdicts in-process against the loopback distribution registry: the verdict cache is emptied before every
 * invocation, and the pod names its images by tag, so each verdict pays the HEAD, the signature lookups (both
 * layouts: the rule's type is the default, Any) and the ECDSA checks. {@code images}: a pod of 1 or 10 distinct
 * signed images; {@code keys}: 1 or 10 keys in the policy's attestor set, the signer's last ({@code -p signerKey=first}
 * puts it first). Targets (issue 5): one image p50 <= 10 ms and p99 <= 25 ms; ten images <= 2x one; 10 keys flat
 * against 1 key in time and in registry requests. The requests of one verdict are printed at the start of a trial,
 * the CPU time of one verdict (this JVM and the registry) at its end. Run with {@code bench/run ColdVerdictBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ColdVerdictBenchmark {
    @Param({"1", "10"})
    public int images;

    @Param({"1", "10"})
    public int keys;

    /** Where the signer's key sits among the keys: {@code last} (every other key is tried first) or {@code first}. */
    @Param({"last"})
    public String signerKey;

    private AdmissionFixture fixture;
    private List<PodSpecs.ContainerImage> pod;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new AdmissionFixture(images, keys, signerKey.equals("last"));
        pod = fixture.containers(false);
        AdmissionFixture.Requests requests = fixture.requestsPerVerdict(false, false);
        System.out.println("\ncold verdict, " + images + " images by tag, " + keys + " keys (signer's " + signerKey + "): " + requests);
        BenchResult.emit(key("requests"), requests.total());
        BenchResult.emit(key("blob_gets"), requests.count("GET BLOB 200"));
        BenchResult.emit(key("request_kinds"), requests.kinds());
    }

    @Setup(Level.Invocation)
    public void emptyCache() {
        fixture.cache.invalidateAll();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // after the measured iterations, so the JIT is done and its threads no longer count
        AdmissionFixture.Cpu cpu = fixture.cpuPerColdVerdict(300);
        System.out.println("\n" + cpu);
        BenchResult.emit(key("cpu_jvm_ms"), cpu.jvmMillis());
        BenchResult.emit(key("cpu_registry_ms"), cpu.registryMillis());
        fixture.close();
    }

    private String key(String measure) {
        return "cold.images" + images + ".keys" + keys + "." + measure;
    }

    @Benchmark
    public Verdict coldVerdict() {
        return AdmissionFixture.allowed(fixture.evaluate(pod));
    }
}

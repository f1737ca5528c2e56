package dev.signet.events;

import dev.signet.policy.ImageFinding;
import dev.signet.policy.Verdict;
import dev.signet.policy.VerdictCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admission metrics: verdicts by result, rule results by policy and result, verdict cache hits/misses/coalesced,
 * and a verification latency histogram (for p50/p99 in Prometheus).
 */
public final class AdmissionMetrics {
    private final MeterRegistry registry;
    private final Timer latency;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public AdmissionMetrics(MeterRegistry registry, VerdictCache cache) {
        this.registry = registry;
        this.latency = Timer.builder("signet.verification.duration")
                .description("time to decide an admission or verification request")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(2), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofSeconds(1))
                .register(registry);
        FunctionCounter.builder("signet.verdict.cache.requests", cache, VerdictCache::hits).tag("result", "hit").register(registry);
        FunctionCounter.builder("signet.verdict.cache.requests", cache, VerdictCache::misses).tag("result", "miss").register(registry);
        FunctionCounter.builder("signet.verdict.cache.requests", cache, VerdictCache::coalesced).tag("result", "coalesced").register(registry);
    }

    void verdict(Verdict verdict, Duration elapsed) {
        latency.record(elapsed);
        counter("signet.admission.verdicts", "result", verdict.allowed() ? "allowed" : "denied", null).increment();
        for (ImageFinding finding : verdict.findings()) {
            counter("signet.policy.results", "result", finding.result().wireName(), finding.policy().map(p -> p.displayName()).orElse("none")).increment();
        }
    }

    private Counter counter(String name, String tag, String value, String policy) {
        String key = name + '|' + value + '|' + policy;
        return counters.computeIfAbsent(key, k -> {
            Counter.Builder builder = Counter.builder(name).tag(tag, value);
            if (policy != null) {
                builder.tag("policy", policy);
            }
            return builder.register(registry);
        });
    }
}

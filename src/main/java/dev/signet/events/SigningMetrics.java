package dev.signet.events;

import dev.signet.signing.PushOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Prometheus metrics of the signer: pushes received, outcomes (stored, already present, skipped, failed) and a
 * signing latency histogram, exposed at {@code /q/metrics}.
 */
@ApplicationScoped
public class SigningMetrics {
    private final MeterRegistry registry;
    private final Counter received;
    private final Timer latency;

    public SigningMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("signet.pushes.received").description("Push notifications received by the signer").register(registry);
        this.latency = Timer.builder("signet.signing.duration").description("Time from a push event to its signing outcome")
                .publishPercentileHistogram().register(registry);
    }

    void received() {
        received.increment();
    }

    void outcome(PushOutcome outcome, Duration took) {
        String result = switch (outcome.kind()) {
            case SIGNED -> "stored";
            case ALREADY_SIGNED -> "already-present";
            case SKIPPED -> "skipped";
            case FAILED -> "failed";
        };
        registry.counter("signet.signatures", "outcome", result).increment();
        latency.record(took);
    }
}

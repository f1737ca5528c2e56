package dev.signet.events;

import dev.signet.policy.FailurePolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How the adapter and the verifier answer (admission.md): the failure policy for what cannot be decided, and the
 * adapter's own deadline, below the webhook's {@code timeoutSeconds}. The verifier gets a slightly smaller budget so
 * its verdict, even an {@code error} one, arrives before the adapter gives up.
 */
public record AdmissionSettings(FailurePolicy failurePolicy, Duration timeout) {

    public AdmissionSettings {
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the admission timeout must be positive");
        }
    }

    /** The evaluation budget: 90% of the deadline, leaving time to answer. */
    public Duration verifierBudget() {
        return timeout.multipliedBy(9).dividedBy(10);
    }
}

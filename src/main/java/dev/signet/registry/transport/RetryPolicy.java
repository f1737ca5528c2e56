package dev.signet.registry.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently to retry a request the registry could not serve just now.
 *
 * @param maxRetries retries after the first attempt; 0 disables retrying
 * @param backoffBase the first wait; each further wait doubles it
 * @param backoffMax the longest wait, also the cap on a registry's {@code Retry-After}, so a hostile or confused
 *     registry cannot park an admission request for minutes
 */
public record RetryPolicy(int maxRetries, Duration backoffBase, Duration backoffMax) {

    /**
     * Three retries from 200 ms, capped at 5 s: at most about 1.4 s of backoff without {@code Retry-After}, which keeps
     * an admission webhook well inside the API server's 10 s default timeout.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5));

    /** No retries: one attempt only. */
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffMax, "backoffMax");
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be between 0 and 10, not " + maxRetries);
        }
        if (backoffBase.isNegative() || backoffMax.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= backoffBase <= backoffMax");
        }
    }

    /** The wait before retry number {@code retry} (0-based): base times 2^retry, capped. */
    public Duration backoff(int retry) {
        Duration wait = backoffBase.multipliedBy(1L << Math.min(retry, 20));
        return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
    }

    /** A registry's requested wait, capped at {@link #backoffMax}. */
    public Duration capped(Duration requested) {
        return requested.compareTo(backoffMax) > 0 ? backoffMax : requested;
    }
}

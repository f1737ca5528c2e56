package dev.signet.registry.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Retries what a registry may serve a moment later: 408, 429, 500, 502, 503 and 504, and requests that got no answer (refused
 * connection, timeout). Waits double from the policy's base, and a {@code Retry-After} in seconds replaces the wait,
 * both capped. When the retries are spent, the last answer is returned (or the last exception thrown) for the
 * caller to report.
 *
 * <p>TLS failures are not retried: a handshake that failed once fails the same way again.
 */
public final class RetryTransport implements Transport {
    // 500 too, as go-containerregistry retries it: distribution answers 500 to a read racing a tag being rewritten
    // (seen here: a HEAD of a .sig tag while the signer replaced it)
    private static final Set<Integer> RETRYABLE = Set.of(408, 429, 500, 502, 503, 504);

    private final Transport inner;
    private final RetryPolicy policy;
    private final Sleeper sleeper;

    public RetryTransport(Transport inner, RetryPolicy policy, Sleeper sleeper) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Whether a status is worth retrying. */
    public static boolean isRetryable(int status) {
        return RETRYABLE.contains(status);
    }

    @Override
    public Response send(HttpRequest request) throws IOException {
        for (int retry = 0; ; retry++) {
            Response response;
            try {
                response = inner.send(request);
            } catch (IOException e) {
                if (retry >= policy.maxRetries() || !isRetryable(e)) {
                    throw e;
                }
                pause(policy.backoff(retry));
                continue;
            }
            if (retry >= policy.maxRetries() || !isRetryable(response.status())) {
                return response;
            }
            Duration wait = retryAfter(response).map(policy::capped).orElse(policy.backoff(retry));
            response.close();
            pause(wait);
        }
    }

    private static boolean isRetryable(IOException e) {
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            return false;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return false;
            }
        }
        return true;
    }

    /** {@code Retry-After} as delta-seconds; the HTTP-date form is ignored in favour of our own backoff. */
    static Optional<Duration> retryAfter(Response response) {
        return response.header("Retry-After")
                .map(String::trim)
                .filter(value -> value.matches("\\d{1,9}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)));
    }

    private void pause(Duration wait) throws IOException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting to retry");
            interrupted.initCause(e);
            throw interrupted;
        }
    }
}

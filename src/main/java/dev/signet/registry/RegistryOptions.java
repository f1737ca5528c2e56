package dev.signet.registry;

import dev.signet.reference.Registry;
import dev.signet.registry.transport.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Process-wide registry knobs, built once by the composition root from configuration.
 *
 * @param insecureRegistries registries that may be reached over plain HTTP when their HTTPS fails; loopback
 *     registries always may ({@link Registry#isLoopback()}). TLS certificates are still verified when HTTPS is used.
 * @param requestTimeout per request, until the response headers arrive
 * @param retry retries of 429, 502, 503, 504 and unanswered requests
 * @param userAgent the {@code User-Agent} header
 */
public record RegistryOptions(Set<Registry> insecureRegistries, Duration requestTimeout, RetryPolicy retry, String userAgent) {
    /** Five seconds: registries answer in milliseconds, and admission must decide within the webhook's timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_USER_AGENT = "signet/0.1";

    public RegistryOptions {
        insecureRegistries = Set.copyOf(insecureRegistries);
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(userAgent, "userAgent");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (userAgent.isEmpty() || !userAgent.chars().allMatch(c -> c >= ' ' && c < 127)) {
            throw new IllegalArgumentException("userAgent must be non-empty printable ASCII");
        }
    }

    /** No insecure registries, 5 s timeout, default retries. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(Set.of(), DEFAULT_TIMEOUT, RetryPolicy.DEFAULT, DEFAULT_USER_AGENT);
    }

    /** These options with other insecure registries. */
    public RegistryOptions withInsecureRegistries(Set<Registry> registries) {
        return new RegistryOptions(registries, requestTimeout, retry, userAgent);
    }

    /** These options with another per-request timeout. */
    public RegistryOptions withRequestTimeout(Duration timeout) {
        return new RegistryOptions(insecureRegistries, timeout, retry, userAgent);
    }

    /** These options with another retry policy. */
    public RegistryOptions withRetry(RetryPolicy policy) {
        return new RegistryOptions(insecureRegistries, requestTimeout, policy, userAgent);
    }

    /** These options with another user agent. */
    public RegistryOptions withUserAgent(String agent) {
        return new RegistryOptions(insecureRegistries, requestTimeout, retry, agent);
    }

    /** Whether plain HTTP may be tried for {@code registry}: loopback, or listed as insecure. */
    public boolean allowsPlainHttp(Registry registry) {
        if (registry.isLoopback()) {
            return true;
        }
        // DNS names are case-insensitive, and Registry keeps the case it was written in
        return insecureRegistries.stream().anyMatch(r -> r.name().equalsIgnoreCase(registry.name()));
    }
}

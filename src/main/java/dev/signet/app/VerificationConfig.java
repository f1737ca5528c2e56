package dev.signet.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** {@code signet.verification.*}: the verdict cache and the verification threads. */
@ConfigMapping(prefix = "signet.verification")
public interface VerificationConfig {

    /** The verdict cache (keyed by digest and policy version, never by tag). */
    Cache cache();

    /** Threads that resolve digests and fetch signatures: registry round trips, so more than the cores. */
    @WithDefault("16")
    int threads();

    /**
     * Verification tasks (a digest to resolve, a layout to fetch) that may wait for a thread; one more is refused at
     * once with "the verifier is overloaded; retry", an {@code error} under the policy's failure policy, instead of
     * queueing without bound behind slow registries until every admission times out.
     */
    @WithDefault("1024")
    int queue();

    /** {@code signet.verification.cache.*}. */
    interface Cache {
        /** How long a pass or fail is kept. */
        @WithDefault("10m")
        Duration ttl();

        /**
         * How long a fail is kept (at most the TTL): a pod admitted between push and signing is denied, and a
         * verifier that does not hear of the signing must not keep denying it for the whole TTL.
         */
        @WithName("fail-ttl")
        @WithDefault("30s")
        Duration failTtl();

        /** How many rule outcomes are kept at most. */
        @WithName("max-size")
        @WithDefault("100000")
        long maxSize();
    }
}

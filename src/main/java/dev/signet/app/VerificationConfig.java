package dev.signet.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

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

    /**
     * Verification tasks naming one registry that may run at once (its share of the threads; half of them by default).
     * A registry starts at 2 and earns more with each task finished in time.
     */
    @WithName("registry-share")
    Optional<Integer> registryShare();

    /** Verification tasks naming one registry that may wait for its share; one more is refused as overloaded. */
    @WithName("registry-queue")
    @WithDefault("256")
    int registryQueue();

    /**
     * A verification task (a resolution, a signature fetch) that takes longer marks its registry slow: its tasks then
     * run on their own threads (half as many), with half the queue, until one finishes in time again.
     */
    @WithName("slow-after")
    @WithDefault("1s")
    Duration slowAfter();

    /**
     * How long the mutating webhook may reuse a tag's digest for an image it pins to that digest ({@code mutateDigest}
     * under Enforce); zero: every admission resolves the tag (concurrent ones still share one HEAD). One second
     * absorbs a rollout's burst of pods by one tag, and a pod is pinned to the digest that was verified, so the
     * only effect is that a tag moved less than a second ago may still pin its previous, verified digest. An image
     * not pinned in the end (a denial, an audit, the validating webhook) is always resolved afresh.
     */
    @WithName("tag-ttl")
    @WithDefault("1s")
    Duration tagTtl();

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

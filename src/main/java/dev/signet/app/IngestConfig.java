package dev.signet.app;

import dev.signet.events.ingest.IngestOptions;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code signet.ingest.*}: the registry ingest endpoints. Secrets come from the environment
 * ({@code SIGNET_INGEST_SHARED_SECRET}, {@code SIGNET_INGEST_GITHUB_SECRET}), ideally from a Kubernetes Secret, and
 * are never logged.
 */
@ConfigMapping(prefix = "signet.ingest")
public interface IngestConfig {

    /** When set, senders must present it in {@code Authorization} ({@code Bearer <secret>}, the bare secret or Basic). */
    Optional<String> sharedSecret();

    /** When set, {@code /ingest/github} requires {@code X-Hub-Signature-256} made with it (the webhook's secret). */
    Optional<String> githubSecret();

    /** Pushes of the same {@code host/repository@digest} within this window are dropped as duplicates. */
    @WithDefault("60s")
    Duration dedupeWindow();

    /** How many recent pushes the duplicate filter remembers. */
    @WithDefault("10000")
    int dedupeCapacity();

    /** Larger webhook bodies are refused with 413. */
    @WithDefault("1M")
    MemorySize maxBody();

    /**
     * Whether a request that no configured secret can authenticate is refused (401). Off in the embedded default (a
     * loopback registry on a developer's machine); on in the prod profile, where a missing secret must not turn the
     * signer into a signing service for anyone who can reach it.
     */
    @io.smallrye.config.WithName("require-authentication")
    @WithDefault("false")
    boolean requireAuthentication();

    /** Turns the mapping into the immutable options the ingest endpoints take. */
    @ApplicationScoped
    class Wiring {
        @Produces
        @Singleton
        IngestOptions ingestOptions(IngestConfig config) {
            long maxBody = config.maxBody().asLongValue();
            return new IngestOptions(config.sharedSecret(), config.githubSecret(), config.dedupeWindow(),
                    config.dedupeCapacity(), (int) Math.min(maxBody, Integer.MAX_VALUE), config.requireAuthentication());
        }
    }
}

package dev.signet.events.ingest;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Process-wide settings of the ingest endpoints, built once by the app from {@code signet.ingest.*}.
 *
 * @param sharedSecret when present, every endpoint but a signed GitHub one requires it in {@code Authorization}
 * @param githubSecret when present, {@code /ingest/github} requires a valid {@code X-Hub-Signature-256} instead
 * @param dedupeWindow how long a {@code host/repository@digest} counts as a duplicate; zero disables dropping
 * @param dedupeCapacity how many recent pushes are remembered at most
 * @param maxBodyBytes larger bodies are refused unread
 * @param requireAuthentication when true, a request no secret can authenticate (none is configured for its endpoint)
 *     is refused with 401 rather than accepted: the production profile's setting, so a signer whose Secret is missing
 *     signs nobody's pushes instead of everybody's
 */
public record IngestOptions(
        Optional<String> sharedSecret,
        Optional<String> githubSecret,
        Duration dedupeWindow,
        int dedupeCapacity,
        int maxBodyBytes,
        boolean requireAuthentication) {

    /** Long enough to cover a registry's redelivery of a slow answer and the per-tag events of one push. */
    public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofSeconds(60);
    /** About 1 MiB of keys: far more distinct images than any registry pushes in a minute. */
    public static final int DEFAULT_DEDUPE_CAPACITY = 10_000;
    /** Real notifications are a few KiB (GitHub's, the largest, stay under 64 KiB); 1 MiB leaves room for batches. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** The JSON reader refuses longer strings anyway, and the HTTP layer's own default limit is 10 MiB. */
    public static final int MAX_BODY_BYTES_LIMIT = 16 * 1024 * 1024;

    /** Blank secrets count as absent: an empty environment variable must not mean "require an empty header". */
    public IngestOptions {
        sharedSecret = Objects.requireNonNull(sharedSecret, "sharedSecret").filter(secret -> !secret.isBlank());
        githubSecret = Objects.requireNonNull(githubSecret, "githubSecret").filter(secret -> !secret.isBlank());
        Objects.requireNonNull(dedupeWindow, "dedupeWindow");
        if (dedupeWindow.isNegative()) {
            throw new IllegalArgumentException("signet.ingest.dedupe-window must not be negative");
        }
        if (dedupeCapacity < 1) {
            throw new IllegalArgumentException("signet.ingest.dedupe-capacity must be at least 1");
        }
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES_LIMIT) {
            throw new IllegalArgumentException("signet.ingest.max-body must be between 1 byte and 16 MiB");
        }
    }

    /** Authentication optional, as before {@code requireAuthentication} existed. */
    public IngestOptions(Optional<String> sharedSecret, Optional<String> githubSecret, Duration dedupeWindow, int dedupeCapacity,
            int maxBodyBytes) {
        this(sharedSecret, githubSecret, dedupeWindow, dedupeCapacity, maxBodyBytes, false);
    }

    /** No secrets, the default window, capacity and body limit; authentication optional (the embedded default). */
    public static IngestOptions defaults() {
        return new IngestOptions(Optional.empty(), Optional.empty(), DEFAULT_DEDUPE_WINDOW, DEFAULT_DEDUPE_CAPACITY,
                DEFAULT_MAX_BODY_BYTES, false);
    }

    public IngestOptions withSharedSecret(String secret) {
        return new IngestOptions(Optional.ofNullable(secret), githubSecret, dedupeWindow, dedupeCapacity, maxBodyBytes, requireAuthentication);
    }

    public IngestOptions withGithubSecret(String secret) {
        return new IngestOptions(sharedSecret, Optional.ofNullable(secret), dedupeWindow, dedupeCapacity, maxBodyBytes, requireAuthentication);
    }

    public IngestOptions withDedupe(Duration window, int capacity) {
        return new IngestOptions(sharedSecret, githubSecret, window, capacity, maxBodyBytes, requireAuthentication);
    }

    public IngestOptions withMaxBodyBytes(int maxBytes) {
        return new IngestOptions(sharedSecret, githubSecret, dedupeWindow, dedupeCapacity, maxBytes, requireAuthentication);
    }

    public IngestOptions withAuthenticationRequired(boolean required) {
        return new IngestOptions(sharedSecret, githubSecret, dedupeWindow, dedupeCapacity, maxBodyBytes, required);
    }

    /** Says whether secrets are set, never what they are. */
    @Override
    public String toString() {
        return "IngestOptions[sharedSecret=" + (sharedSecret.isPresent() ? "set" : "unset")
                + ", githubSecret=" + (githubSecret.isPresent() ? "set" : "unset")
                + ", dedupeWindow=" + dedupeWindow + ", dedupeCapacity=" + dedupeCapacity
                + ", maxBodyBytes=" + maxBodyBytes + ", requireAuthentication=" + requireAuthentication + "]";
    }
}

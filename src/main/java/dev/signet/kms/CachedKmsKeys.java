package dev.signet.kms;

import dev.signet.Reason;
import dev.signet.keys.KeyException;
import dev.signet.keys.VerificationKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Each KMS key asked for once, then served from memory: admission never waits on a KMS for a key it has. A key older
 * than the refresh interval is served as it is while it is fetched again in the background; a KMS that fails then
 * leaves the last key in use (an outage does not turn every entry {@code error}), and a key that comes back different
 * (rotated) replaces it and is announced, so that verdicts judged with the old one can be dropped. A key never
 * fetched has nothing to fall back on: the failure is the entry's {@code error} (fail closed), and is remembered for a
 * short while so that a dead KMS is not asked again by every admission.
 */
public final class CachedKmsKeys implements KmsPublicKeys {
    private final KmsPublicKeys source;
    private final Clock clock;
    private final Duration refresh;
    private final Duration retry;
    private final Executor refresher;
    private final Map<KmsUri, Fetched> keys = new ConcurrentHashMap<>();
    private final Map<KmsUri, Failed> failures = new ConcurrentHashMap<>();
    private final Map<KmsUri, Object> locks = new ConcurrentHashMap<>();
    private final Set<KmsUri> refreshing = ConcurrentHashMap.newKeySet();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    private record Fetched(VerificationKey key, Instant at) {
    }

    private record Failed(KeyException error, Instant at) {
    }

    /**
     * @param refresh how old a key may get before it is fetched again (in the background)
     * @param retry how long a failed first fetch is answered from memory before the KMS is asked again
     * @param refresher where background fetches run
     */
    public CachedKmsKeys(KmsPublicKeys source, Clock clock, Duration refresh, Duration retry, Executor refresher) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.refresher = Objects.requireNonNull(refresher, "refresher");
    }

    @Override
    public VerificationKey publicKey(KmsUri uri) {
        Fetched cached = keys.get(uri);
        if (cached == null) {
            synchronized (locks.computeIfAbsent(uri, any -> new Object())) {
                cached = keys.get(uri);
                if (cached == null) {
                    return first(uri);
                }
            }
        }
        if (!clock.instant().isBefore(cached.at().plus(refresh)) && refreshing.add(uri)) {
            refresher.execute(() -> refresh(uri));
        }
        return cached.key();
    }

    /** Registers {@code listener}, called with the reference of a key that came back different from the one in use. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Why the last background fetch of the key failed, while the last key stays in use; empty once it succeeds. */
    public Optional<String> staleBecause(KmsUri uri) {
        Failed failed = keys.containsKey(uri) ? failures.get(uri) : null;
        return failed == null ? Optional.empty() : Optional.of(failed.error().getMessage());
    }

    private VerificationKey first(KmsUri uri) {
        Instant now = clock.instant();
        Failed failed = failures.get(uri);
        if (failed != null && now.isBefore(failed.at().plus(retry))) {
            KeyException cause = failed.error();
            throw new KeyException(cause.reason(), "fetch KMS public key", uri.text(), "the last attempt failed: " + cause.getMessage(),
                    "retried after " + retry.toSeconds() + " s", cause);
        }
        try {
            VerificationKey key = source.publicKey(uri);
            keys.put(uri, new Fetched(key, now));
            failures.remove(uri);
            return key;
        } catch (KeyException e) {
            failures.put(uri, new Failed(e, now));
            throw e;
        }
    }

    private void refresh(KmsUri uri) {
        try {
            VerificationKey key = source.publicKey(uri);
            Fetched before = keys.put(uri, new Fetched(key, clock.instant()));
            failures.remove(uri);
            if (before != null && !before.key().publicKey().equals(key.publicKey())) {
                listeners.forEach(listener -> listener.accept(uri.text()));
            }
        } catch (KmsRefusal e) {
            // the KMS's word on the key (deleted, disabled, no longer ours to read): stop serving it, and drop what it judged
            failures.put(uri, new Failed(e, clock.instant()));
            if (keys.remove(uri) != null) {
                listeners.forEach(listener -> listener.accept(uri.text()));
            }
        } catch (KeyException e) {
            // an outage keeps the last key; it is fetched again at the next use after the refresh interval
            failures.put(uri, new Failed(e, clock.instant()));
            keys.computeIfPresent(uri, (any, fetched) -> new Fetched(fetched.key(), clock.instant().minus(refresh).plus(retry)));
        } catch (RuntimeException e) {
            failures.put(uri, new Failed(new KeyException(Reason.KEY_NOT_FOUND, "fetch KMS public key", uri.text(), String.valueOf(e.getMessage()), null, e),
                    clock.instant()));
        } finally {
            refreshing.remove(uri);
        }
    }
}

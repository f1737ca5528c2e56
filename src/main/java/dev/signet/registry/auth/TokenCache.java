package dev.signet.registry.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens by registry and scope until shortly before they expire, so one verification does not ask the token
 * server once per request. Bounded: admission sees many repositories, and the eldest entry goes first.
 */
final class TokenCache {
    /** Tokens are refreshed this long before expiry, so one does not lapse between our check and the registry's. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private final Clock clock;
    private final Map<Scope, Entry> entries;

    TokenCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Scope, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** A cached token for {@code scope} that is not about to expire. */
    synchronized Optional<String> get(Scope scope) {
        Entry entry = entries.get(scope);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.refreshAt())) {
            entries.remove(scope);
            return Optional.empty();
        }
        return Optional.of(entry.token());
    }

    /** Caches {@code token}, valid for {@code lifetime} from now. */
    synchronized void put(Scope scope, String token, Duration lifetime) {
        Duration margin = MARGIN.compareTo(lifetime.dividedBy(2)) < 0 ? MARGIN : lifetime.dividedBy(2);
        entries.put(scope, new Entry(token, clock.instant().plus(lifetime).minus(margin)));
    }

    /** Forgets the token for {@code scope}, e.g. after the registry rejected it. */
    synchronized void invalidate(Scope scope) {
        entries.remove(scope);
    }

    /** A token and when to stop using it; the token is never printed. */
    private record Entry(String token, Instant refreshAt) {
        @Override
        public String toString() {
            return "Entry[token=<redacted>, refreshAt=" + refreshAt + "]";
        }
    }
}

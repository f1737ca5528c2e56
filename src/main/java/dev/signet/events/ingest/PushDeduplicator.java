package dev.signet.events.ingest;

import dev.signet.events.ImagePushedData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Drops a push of the same {@code host/repository@digest} seen within a short window. Registries redeliver when an
 * answer is slow, and Distribution sends one event per tag, so one image pushed under three tags arrives three
 * times; signing it once is enough, as the digest is the identity and tags are only hints.
 *
 * <p>The window runs from the first sighting (a steady stream of redeliveries does not keep an entry alive), and
 * at most {@code capacity} keys are remembered, the oldest evicted first, so memory stays bounded whatever a
 * sender does. Entries are kept in sighting order, which lets expiry stop at the first live one.
 */
public final class PushDeduplicator {
    private final Duration window;
    private final int capacity;
    private final Clock clock;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public PushDeduplicator(Duration window, int capacity, Clock clock) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("dedupe window must not be negative");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("dedupe capacity must be at least 1");
        }
        this.window = window;
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Splits {@code pushes} into the fresh ones, now remembered, and a count of duplicates (of earlier requests or
     * of each other).
     */
    public synchronized Admission admit(List<ImagePushedData> pushes) {
        Instant now = clock.instant();
        expire(now);
        List<ImagePushedData> fresh = new ArrayList<>(pushes.size());
        for (ImagePushedData push : pushes) {
            String key = key(push);
            Instant first = seen.get(key);
            if (first != null && now.isBefore(first.plus(window))) {
                continue;
            }
            seen.remove(key);
            seen.put(key, now);
            fresh.add(push);
        }
        while (seen.size() > capacity) {
            seen.remove(seen.keySet().iterator().next());
        }
        return new Admission(List.copyOf(fresh), pushes.size() - fresh.size());
    }

    /** Forgets pushes that were admitted but could not be handed over, so the sender's retry is not dropped. */
    public synchronized void forget(List<ImagePushedData> pushes) {
        pushes.forEach(push -> seen.remove(key(push)));
    }

    /** How many keys are remembered now; for tests and metrics. */
    public synchronized int size() {
        return seen.size();
    }

    private void expire(Instant now) {
        for (Iterator<Map.Entry<String, Instant>> entries = seen.entrySet().iterator(); entries.hasNext(); ) {
            if (now.isBefore(entries.next().getValue().plus(window))) {
                return;
            }
            entries.remove();
        }
    }

    private static String key(ImagePushedData push) {
        return push.registry() + "/" + push.repository() + "@" + push.digest();
    }

    /**
     * The outcome of {@link #admit}.
     *
     * @param fresh the pushes to hand over, in their original order
     * @param duplicates how many were dropped
     */
    public record Admission(List<ImagePushedData> fresh, int duplicates) {
    }
}

package dev.signet.policy;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.reference.Digest;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Rule outcomes by (digest, policy uid, policy resourceVersion, rule index): never by tag, so a moved tag is a new
 * digest verified afresh, and any edit of a policy is a new resourceVersion. {@code pass} and {@code fail} are kept
 * for the TTL in a bounded cache; {@code error} is handed to the requests already waiting for it, then dropped.
 * Concurrent requests for one key share one verification (single-flight): the first claims the key with an
 * unfinished future, the others wait on it.
 */
public final class VerdictCache {
    private final AsyncCache<Key, RuleOutcome> cache;
    private final Ticker ticker;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder coalesced = new LongAdder();

    /** The cache key policy.md names. */
    public record Key(Digest digest, String policyUid, String resourceVersion, int rule) {
        public Key {
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(policyUid, "policyUid");
            Objects.requireNonNull(resourceVersion, "resourceVersion");
        }
    }

    /** A lookup's answer: a future to wait on, or a claim the caller must {@link #complete} with one verification. */
    public record Lookup(Key key, CompletableFuture<RuleOutcome> future, boolean claimed) {
    }

    /**
     * @param ttl how long a {@code pass} is kept
     * @param failTtl how long a {@code fail} is kept (at most {@code ttl}): short, because a pod is often admitted
     *     between its image's push and its signing, and a verifier that does not hear of the signing (the adapter when
     *     the signer runs elsewhere) must not stay denied for the whole TTL
     */
    public VerdictCache(Duration ttl, Duration failTtl, long maximumSize, Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        long passNanos = ttl.toNanos();
        long failNanos = Math.min(passNanos, failTtl.toNanos());
        this.cache = Caffeine.newBuilder()
                .expireAfter(new Expiry<Key, RuleOutcome>() {
                    @Override
                    public long expireAfterCreate(Key key, RuleOutcome outcome, long now) {
                        return outcome.status() == RuleStatus.PASS ? passNanos : failNanos;
                    }

                    @Override
                    public long expireAfterUpdate(Key key, RuleOutcome outcome, long now, long remaining) {
                        return expireAfterCreate(key, outcome, now);
                    }

                    @Override
                    public long expireAfterRead(Key key, RuleOutcome outcome, long now, long remaining) {
                        return remaining;
                    }
                })
                .maximumSize(maximumSize)
                .ticker(ticker)
                .buildAsync();
    }

    public VerdictCache(Duration ttl, long maximumSize, Ticker ticker) {
        this(ttl, ttl, maximumSize, ticker);
    }

    public VerdictCache(Duration ttl, Duration failTtl, long maximumSize) {
        this(ttl, failTtl, maximumSize, Ticker.systemTicker());
    }

    public VerdictCache(Duration ttl, long maximumSize) {
        this(ttl, ttl, maximumSize, Ticker.systemTicker());
    }

    /** A verification under way, with the ticker's time at which it was claimed. */
    private static final class Claim extends CompletableFuture<RuleOutcome> {
        private final long claimedAt;

        Claim(long claimedAt) {
            this.claimedAt = claimedAt;
        }
    }

    /** The cached or in-flight outcome for the key, or a claim on it; joins a verification under way of any age. */
    public Lookup lookup(Key key) {
        return lookup(key, Duration.ofNanos(Long.MAX_VALUE));
    }

    /**
     * The cached or in-flight outcome for the key, or a claim on it. A verification under way for longer than
     * {@code budget} is not joined: it has outlived the time this lookup may wait (a registry that stopped answering
     * holds it), so joining could only time out; the key is claimed afresh instead, and that verification's waiters
     * still get its outcome.
     */
    public Lookup lookup(Key key, Duration budget) {
        while (true) {
            Claim claim = new Claim(ticker.read());
            CompletableFuture<RuleOutcome> prior = cache.asMap().putIfAbsent(key, claim);
            if (prior == null) {
                misses.increment();
                return new Lookup(key, claim, true);
            }
            if (prior.isDone()) {
                hits.increment();
                return new Lookup(key, prior, false);
            }
            if (!(prior instanceof Claim underWay) || claim.claimedAt - underWay.claimedAt <= budget.toNanos()) {
                coalesced.increment();
                return new Lookup(key, prior, false);
            }
            if (cache.asMap().replace(key, prior, claim)) {
                misses.increment();
                return new Lookup(key, claim, true);
            }
        }
    }

    /**
     * Claims the key afresh because a signature was just stored for its digest, unless a {@code pass} is kept: a
     * {@code fail} decided before the signature existed, or a verification under way that may have read the
     * signatures before it was stored, would otherwise stand for the whole TTL. The waiters of a replaced
     * verification still get its outcome (they asked before the signature existed); later lookups join the new claim.
     */
    public Lookup reclaim(Key key) {
        while (true) {
            CompletableFuture<RuleOutcome> prior = cache.asMap().get(key);
            if (prior == null) {
                return lookup(key);
            }
            if (prior.isDone() && !prior.isCompletedExceptionally() && prior.join().status() == RuleStatus.PASS) {
                hits.increment();
                return new Lookup(key, prior, false);
            }
            CompletableFuture<RuleOutcome> claim = new Claim(ticker.read());
            if (cache.asMap().replace(key, prior, claim)) {
                misses.increment();
                return new Lookup(key, claim, true);
            }
        }
    }

    /** Completes a claim; an {@code error} reaches the waiters but is not kept. */
    public void complete(Lookup claim, RuleOutcome outcome) {
        if (!claim.claimed()) {
            throw new IllegalArgumentException("only a claimed lookup can be completed");
        }
        if (outcome.status() == RuleStatus.ERROR) {
            // dropped before the waiters wake, so none of them can find it cached afterwards
            cache.asMap().remove(claim.key(), claim.future());
        }
        claim.future().complete(outcome);
    }

    /** Drops every outcome of a policy (all its versions); called when the policy changes or goes away. */
    public void invalidatePolicy(String policyUid) {
        cache.asMap().keySet().removeIf(key -> key.policyUid().equals(policyUid));
    }

    /** Drops every outcome of one rule of a policy (all digests and versions); called when a key it names changed. */
    public void invalidateRule(String policyUid, int rule) {
        cache.asMap().keySet().removeIf(key -> key.policyUid().equals(policyUid) && key.rule() == rule);
    }

    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    public long size() {
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }

    /** Lookups answered by a finished outcome. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that had to verify. */
    public long misses() {
        return misses.sum();
    }

    /** Lookups that joined a verification already under way. */
    public long coalesced() {
        return coalesced.sum();
    }
}

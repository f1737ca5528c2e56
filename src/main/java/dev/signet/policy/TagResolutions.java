package dev.signet.policy;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.verification.Deadline;
import dev.signet.verification.RegistryLanes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * Tag to digest resolutions (one manifest HEAD each) shared by concurrent admissions: one HEAD per tag is under way
 * at a time and later callers join it (single-flight), as {@link VerdictCache} does for verifications. A resolution
 * may also be reused for a short TTL, but only by a caller that says the digest it judges will be the one the pod
 * runs (the mutating webhook pins it): a moved tag is then seen up to the TTL late, never judged under one digest
 * while another runs. A failed HEAD (registry error, unknown tag) reaches the callers that joined it and is not kept.
 */
final class TagResolutions {
    /** Tags kept at most: far more than the distinct tags a cluster admits within one TTL. */
    private static final long MAXIMUM_SIZE = 10_000;

    private final AsyncCache<ImageReference, Answer> resolutions;
    private final BiFunction<ImageReference, Deadline, Digest> head;
    private final RegistryLanes lanes;
    private final Ticker ticker;
    private final long ttlNanos;
    private final LongAdder heads = new LongAdder();
    private final LongAdder joined = new LongAdder();
    private final LongAdder reused = new LongAdder();

    /** A digest and whether it was read for this caller (its own HEAD, or one it joined) rather than reused. */
    record Resolved(Digest digest, boolean fresh) {
    }

    /**
     * A registry's answer, with the ticker's time at which it was asked (its age counts from then), or the failure
     * to hand to the callers that joined it. A failure is taken out of the cache before it completes its HEAD, so it
     * is never kept, and completes it normally, so Caffeine does not log it as a failed load.
     */
    private record Answer(Digest digest, long askedAt, RuntimeException failure) {
        Resolved fresh() {
            if (failure != null) {
                throw failure;
            }
            return new Resolved(digest, true);
        }
    }

    /** A HEAD under way, with the ticker's time at which it started. */
    private static final class Head extends CompletableFuture<Answer> {
        private final long startedAt;

        Head(long startedAt) {
            this.startedAt = startedAt;
        }
    }

    /**
     * @param head resolves a tag reference by one registry request, unless the deadline passed; it runs in the tag's
     *     registry's lane
     * @param ttl how long a resolution may be reused by a caller that pins the digest; zero: single-flight only
     */
    TagResolutions(BiFunction<ImageReference, Deadline, Digest> head, RegistryLanes lanes, Duration ttl, Ticker ticker) {
        this.head = Objects.requireNonNull(head, "head");
        this.lanes = Objects.requireNonNull(lanes, "lanes");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.ttlNanos = ttl.toNanos();
        if (ttlNanos < 0) {
            throw new IllegalArgumentException("keep tag resolutions for " + ttl + ": the TTL must not be negative");
        }
        this.resolutions = Caffeine.newBuilder()
                .expireAfter(new Expiry<ImageReference, Answer>() {
                    // a HEAD under way does not expire (Caffeine's async cache); its answer lives for the TTL from the asking
                    @Override
                    public long expireAfterCreate(ImageReference tag, Answer answer, long now) {
                        return Math.max(0, answer.askedAt() + ttlNanos - now);
                    }

                    @Override
                    public long expireAfterUpdate(ImageReference tag, Answer answer, long now, long remaining) {
                        return expireAfterCreate(tag, answer, now);
                    }

                    @Override
                    public long expireAfterRead(ImageReference tag, Answer answer, long now, long remaining) {
                        return remaining;
                    }
                })
                .maximumSize(MAXIMUM_SIZE)
                .ticker(ticker)
                .buildAsync();
    }

    /**
     * The digest {@code tag} names: a HEAD under way for it that started within {@code budget} is joined (one that
     * started earlier has outlived what this caller may wait, so a new one starts); otherwise a new HEAD runs on the
     * executor, unless {@code reuse} and a resolution younger than the TTL is kept.
     *
     * @param reuse whether the caller pins the digest it judges, so that a resolution up to the TTL old is as good
     * @param deadline when the caller that starts a HEAD stops waiting (the HEAD is not made after it); callers that
     *     join share it, which joining only within their own budget keeps from being earlier than theirs by much
     * @throws RejectedExecutionException when the tag's registry lane refuses the HEAD
     */
    CompletableFuture<Resolved> resolve(ImageReference tag, boolean reuse, Duration budget, Deadline deadline) {
        while (true) {
            Head started = new Head(ticker.read());
            CompletableFuture<Answer> prior = resolutions.asMap().putIfAbsent(tag, started);
            if (prior == null) {
                return start(tag, started, deadline);
            }
            if (!prior.isDone()) {
                if (!(prior instanceof Head underWay) || started.startedAt - underWay.startedAt <= budget.toNanos()) {
                    joined.increment();
                    return prior.thenApply(Answer::fresh);
                }
            } else if (reuse && prior.join().failure() == null && prior.join().askedAt() + ttlNanos - started.startedAt > 0) {
                reused.increment();
                return CompletableFuture.completedFuture(new Resolved(prior.join().digest(), false));
            }
            // a kept answer this caller may not reuse or that is too old, or a HEAD too old to join
            if (resolutions.asMap().replace(tag, prior, started)) {
                return start(tag, started, deadline);
            }
        }
    }

    private CompletableFuture<Resolved> start(ImageReference tag, Head started, Deadline deadline) {
        heads.increment();
        try {
            lanes.execute(tag.registry(), () -> {
                try {
                    started.complete(new Answer(head.apply(tag, deadline), started.startedAt, null));
                } catch (RuntimeException e) {
                    fail(tag, started, e);
                }
            });
        } catch (RejectedExecutionException e) {
            fail(tag, started, e);
            throw e;
        }
        return started.thenApply(Answer::fresh);
    }

    private void fail(ImageReference tag, Head started, RuntimeException failure) {
        resolutions.asMap().remove(tag, started);
        started.complete(new Answer(null, started.startedAt, failure));
    }

    /** HEADs started. */
    long heads() {
        return heads.sum();
    }

    /** Resolutions that joined a HEAD under way. */
    long joined() {
        return joined.sum();
    }

    /** Resolutions answered by a kept one, within the TTL. */
    long reused() {
        return reused.sum();
    }
}

package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.Reason;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.verification.Deadline;
import dev.signet.verification.RegistryLanes;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.ArtifactNotFoundException;
import dev.signet.registry.RegistryUnavailableException;
import dev.signet.testing.FakeRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Single-flight and the TTL of tag resolutions, counted in HEADs on the in-memory registry. */
class TagResolutionsTest {
    private static final Duration BUDGET = Duration.ofSeconds(5);
    private static final Duration TTL = Duration.ofSeconds(1);

    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final Repository repository = Repository.parse("registry.test/tags/app");
    private final ImageReference tag = ImageReference.of(repository, Tag.parse("v1"));
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private TagResolutions resolutions(Duration ttl) {
        return new TagResolutions((reference, deadline) -> registry.resolve(reference), RegistryLanes.direct(executor), ttl, ticker);
    }

    private Digest push() {
        return registry.pushRandomImage(repository, "v1").digest();
    }

    private int heads() {
        return registry.calls("headManifest");
    }

    @Test
    void resolve_concurrentCallersOfOneTag_shareOneHead() throws Exception {
        Digest digest = push();
        CountDownLatch release = new CountDownLatch(1);
        registry.beforeCall("headManifest", reference -> await(release));
        TagResolutions resolutions = resolutions(Duration.ZERO);

        List<CompletableFuture<TagResolutions.Resolved>> callers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            callers.add(resolutions.resolve(tag, i % 2 == 0, BUDGET, Deadline.none()));
        }
        release.countDown();

        for (CompletableFuture<TagResolutions.Resolved> caller : callers) {
            assertThat(caller.get(5, TimeUnit.SECONDS)).isEqualTo(new TagResolutions.Resolved(digest, true));
        }
        assertThat(heads()).as("one HEAD for 16 callers").isEqualTo(1);
        assertThat(resolutions.heads()).isEqualTo(1);
        assertThat(resolutions.joined()).isEqualTo(15);
    }

    @Test
    void resolve_concurrentCallersOnManyThreads_stillOneHeadPerTag() throws Exception {
        Digest digest = push();
        CountDownLatch release = new CountDownLatch(1);
        registry.beforeCall("headManifest", reference -> await(release));
        TagResolutions resolutions = resolutions(Duration.ZERO);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<TagResolutions.Resolved>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return resolutions.resolve(tag, false, BUDGET, Deadline.none());
                }, callers).thenCompose(answer -> answer));
            }
            start.countDown();
            while (resolutions.heads() + resolutions.joined() < 64) {
                Thread.onSpinWait();
            }
            release.countDown();

            for (CompletableFuture<TagResolutions.Resolved> answer : answers) {
                assertThat(answer.get(5, TimeUnit.SECONDS).digest()).isEqualTo(digest);
            }
            assertThat(heads()).isEqualTo(1);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void resolve_headUnderWayLongerThanTheBudget_isNotJoined() throws Exception {
        push();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        registry.beforeCall("headManifest", reference -> {
            if (seen.incrementAndGet() == 1) {
                entered.countDown();
                await(release); // a registry that stopped answering holds the first HEAD
            }
        });
        TagResolutions resolutions = resolutions(Duration.ZERO);
        CompletableFuture<TagResolutions.Resolved> stuck = resolutions.resolve(tag, false, BUDGET, Deadline.none());
        await(entered); // so that the first HEAD, not the second, is the one held
        nanos.addAndGet(BUDGET.toNanos() + 1);

        TagResolutions.Resolved later = resolutions.resolve(tag, false, BUDGET, Deadline.none()).get(5, TimeUnit.SECONDS);

        assertThat(later.fresh()).isTrue();
        assertThat(stuck).as("the stuck HEAD's own caller still waits for it").isNotDone();
        assertThat(heads()).isEqualTo(1); // the stuck HEAD has not reached the counter yet
        release.countDown();
        assertThat(stuck.get(5, TimeUnit.SECONDS).digest()).isEqualTo(later.digest());
        assertThat(heads()).isEqualTo(2);
    }

    @Test
    void resolve_withinTheTtl_isReusedOnlyByACallerThatPins() throws Exception {
        Digest first = push();
        TagResolutions resolutions = resolutions(TTL);
        assertThat(resolutions.resolve(tag, true, BUDGET, Deadline.none()).get(5, TimeUnit.SECONDS)).isEqualTo(new TagResolutions.Resolved(first, true));
        Digest moved = push();
        nanos.addAndGet(TTL.toNanos() - 1);

        TagResolutions.Resolved pinning = resolutions.resolve(tag, true, BUDGET, Deadline.none()).get(5, TimeUnit.SECONDS);
        TagResolutions.Resolved notPinning = resolutions.resolve(tag, false, BUDGET, Deadline.none()).get(5, TimeUnit.SECONDS);

        assertThat(pinning).as("kept, so the tag's move is not seen yet").isEqualTo(new TagResolutions.Resolved(first, false));
        assertThat(notPinning).as("a caller that does not pin reads the tag now").isEqualTo(new TagResolutions.Resolved(moved, true));
        assertThat(heads()).isEqualTo(2);
        assertThat(resolutions.reused()).isEqualTo(1);
    }

    @Test
    void resolve_afterTheTtl_headsAgain() throws Exception {
        push();
        TagResolutions resolutions = resolutions(TTL);
        resolutions.resolve(tag, true, BUDGET, Deadline.none()).get(5, TimeUnit.SECONDS);
        Digest moved = push();
        nanos.addAndGet(TTL.toNanos());

        TagResolutions.Resolved expired = resolutions.resolve(tag, true, BUDGET, Deadline.none()).get(5, TimeUnit.SECONDS);

        assertThat(expired).isEqualTo(new TagResolutions.Resolved(moved, true));
        assertThat(heads()).isEqualTo(2);
        nanos.addAndGet(TTL.toNanos() / 2);
        assertThat(resolutions.resolve(tag, true, BUDGET, Deadline.none()).get(5, TimeUnit.SECONDS)).as("the new answer is kept from its arrival")
                .isEqualTo(new TagResolutions.Resolved(moved, false));
        assertThat(heads()).isEqualTo(2);
    }

    @Test
    void resolve_zeroTtl_neverReuses() throws Exception {
        push();
        TagResolutions resolutions = resolutions(Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            assertThat(resolutions.resolve(tag, true, BUDGET, Deadline.none()).get(5, TimeUnit.SECONDS).fresh()).isTrue();
        }
        assertThat(heads()).isEqualTo(3);
        assertThat(resolutions.reused()).isZero();
    }

    @Test
    void resolve_registryError_isNotKept() throws Exception {
        Digest digest = push();
        AtomicInteger seen = new AtomicInteger();
        registry.beforeCall("headManifest", reference -> {
            if (seen.incrementAndGet() == 1) {
                throw new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, "resolve image", reference.toString(), "registry answered 503",
                        null, 503, List.of(), null);
            }
        });
        TagResolutions resolutions = resolutions(TTL);

        assertThatThrownBy(() -> resolutions.resolve(tag, true, BUDGET, Deadline.none()).join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RegistryUnavailableException.class);
        TagResolutions.Resolved retried = resolutions.resolve(tag, true, BUDGET, Deadline.none()).get(5, TimeUnit.SECONDS);

        assertThat(retried).isEqualTo(new TagResolutions.Resolved(digest, true));
        assertThat(resolutions.reused()).isZero();
    }

    @Test
    void resolve_unknownTag_isNotKept() throws Exception {
        TagResolutions resolutions = resolutions(TTL);
        assertThatThrownBy(() -> resolutions.resolve(tag, true, BUDGET, Deadline.none()).join()).hasCauseInstanceOf(ArtifactNotFoundException.class);
        Digest pushed = push();

        assertThat(resolutions.resolve(tag, true, BUDGET, Deadline.none()).get(5, TimeUnit.SECONDS)).isEqualTo(new TagResolutions.Resolved(pushed, true));
        assertThat(heads()).isEqualTo(2);
    }

    @Test
    void resolve_executorRefuses_throwsAndKeepsNothing() throws Exception {
        Digest digest = push();
        AtomicInteger offered = new AtomicInteger();
        TagResolutions resolutions = new TagResolutions((reference, deadline) -> registry.resolve(reference), RegistryLanes.direct(task -> {
            if (offered.incrementAndGet() == 1) {
                throw new RejectedExecutionException("queue full");
            }
            executor.execute(task);
        }), TTL, ticker);

        assertThatThrownBy(() -> resolutions.resolve(tag, true, BUDGET, Deadline.none())).isInstanceOf(RejectedExecutionException.class);

        assertThat(resolutions.resolve(tag, true, BUDGET, Deadline.none()).get(5, TimeUnit.SECONDS)).isEqualTo(new TagResolutions.Resolved(digest, true));
    }

    @Test
    void new_negativeTtl_isRefused() {
        assertThatThrownBy(() -> resolutions(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keep tag resolutions for PT-1S: the TTL must not be negative");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the latch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

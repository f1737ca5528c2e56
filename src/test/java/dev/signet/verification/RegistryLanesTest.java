package dev.signet.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.reference.Registry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 10: each registry gets a share of the verification threads, earned by answering in time, and
 * registries that do not run on their own threads, so tasks naming registries that stopped answering cannot take the
 * threads the verifications of images on other registries need.
 */
class RegistryLanesTest {
    private static final Registry SLOW = new Registry("slow.example");
    private static final Registry HEALTHY = new Registry("healthy.example");
    private static final Duration SLOW_AFTER = Duration.ofSeconds(1);

    private final ExecutorService pool = Executors.newFixedThreadPool(8, runnable -> new Thread(runnable, "main-pool"));
    private final ExecutorService slowPool = Executors.newFixedThreadPool(2, runnable -> new Thread(runnable, "slow-pool"));
    private final CountDownLatch release = new CountDownLatch(1);
    // the lanes' clock: a task that advances it by more than SLOW_AFTER took that long
    private final AtomicLong clock = new AtomicLong();

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
        slowPool.shutdownNow();
    }

    private RegistryLanes lanes(int maxShare, int waiting, int capacity) {
        return new RegistryLanes(pool, slowPool, maxShare, waiting, capacity, SLOW_AFTER, clock::get);
    }

    private Runnable blocked(AtomicInteger started) {
        return () -> {
            started.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Runs one task of {@code registry} that takes longer than the threshold, and waits for it. */
    private void slowTask(RegistryLanes lanes, Registry registry) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        lanes.execute(registry, () -> {
            clock.addAndGet(SLOW_AFTER.toNanos() * 2);
            done.countDown();
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        waitFor(() -> lanes.running(registry) == 0);
    }

    @Test
    void newRegistry_runsTwoAtOnce_andAnotherRegistryStillRuns() throws InterruptedException {
        RegistryLanes lanes = lanes(8, 10, 100);
        AtomicInteger started = new AtomicInteger();
        for (int i = 0; i < 8; i++) {
            lanes.execute(SLOW, blocked(started));
        }
        CountDownLatch healthy = new CountDownLatch(1);

        lanes.execute(HEALTHY, healthy::countDown);

        assertThat(healthy.await(5, TimeUnit.SECONDS)).as("the other registry's task ran beside the blocked ones").isTrue();
        assertThat(lanes.running(SLOW)).isEqualTo(RegistryLanes.INITIAL_SHARE);
        // the lanes hand the two tasks to the pool before the healthy one; their threads may not have started yet
        waitFor(() -> started.get() >= RegistryLanes.INITIAL_SHARE);
        assertThat(started).hasValue(RegistryLanes.INITIAL_SHARE);
    }

    @Test
    void tasksFinishedInTime_growTheShare_upToTheMaximum() throws InterruptedException {
        RegistryLanes lanes = lanes(4, 100, 100);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(40);
        for (int i = 0; i < 40; i++) {
            lanes.execute(HEALTHY, () -> {
                most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                concurrent.decrementAndGet();
                done.countDown();
            });
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(most).as("two at first, then one more per task finished in time, never past four").hasValue(4);
    }

    @Test
    void slowRegistry_movesToItsOwnThreads_soManySlowRegistriesLeaveTheMainPoolFree() throws InterruptedException {
        RegistryLanes lanes = lanes(8, 10, 100);
        List<Registry> slow = List.of(new Registry("a.example"), new Registry("b.example"), new Registry("c.example"));
        for (Registry registry : slow) {
            slowTask(lanes, registry);
            assertThat(lanes.slow(registry)).isTrue();
        }
        List<String> threads = new CopyOnWriteArrayList<>();
        AtomicInteger started = new AtomicInteger();
        for (Registry registry : slow) {
            for (int i = 0; i < 5; i++) {
                lanes.execute(registry, () -> {
                    threads.add(Thread.currentThread().getName());
                    blocked(started).run();
                });
            }
        }
        CountDownLatch healthy = new CountDownLatch(1);
        List<String> healthyThread = new CopyOnWriteArrayList<>();

        lanes.execute(HEALTHY, () -> {
            healthyThread.add(Thread.currentThread().getName());
            healthy.countDown();
        });

        assertThat(healthy.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(healthyThread).containsExactly("main-pool");
        waitFor(() -> started.get() == 2);
        assertThat(threads).containsOnly("slow-pool");
        // a slow registry's share was halved to one
        assertThat(slow).allSatisfy(registry -> assertThat(lanes.running(registry)).isLessThanOrEqualTo(1));
    }

    @Test
    void slowRegistries_holdAtMostHalfTheCapacity() throws InterruptedException {
        RegistryLanes lanes = lanes(8, 100, 10);
        slowTask(lanes, SLOW);
        AtomicInteger started = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            lanes.execute(SLOW, blocked(started));
        }

        assertThatThrownBy(() -> lanes.execute(SLOW, () -> { }))
                .isInstanceOf(RegistryLanes.Full.class)
                .hasMessage("slow registries have 5 verification tasks under way or waiting");
        lanes.execute(HEALTHY, () -> { });
    }

    @Test
    void fastTask_movesASlowRegistryBack() throws InterruptedException {
        RegistryLanes lanes = lanes(8, 10, 100);
        slowTask(lanes, SLOW);
        CountDownLatch done = new CountDownLatch(1);

        lanes.execute(SLOW, done::countDown);

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        waitFor(() -> !lanes.slow(SLOW));
        assertThat(lanes.registries()).as("an idle line that is not slow is dropped").isZero();
    }

    @Test
    void fullLine_refusesAtOnce_namingTheRegistry() {
        RegistryLanes lanes = lanes(8, 3, 100);
        AtomicInteger started = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            lanes.execute(SLOW, blocked(started));
        }

        assertThatThrownBy(() -> lanes.execute(SLOW, () -> { }))
                .isInstanceOf(RegistryLanes.Full.class)
                .hasMessage("slow.example has 2 verification tasks under way and 3 waiting");
        lanes.execute(HEALTHY, () -> { });
    }

    @Test
    void fullVerifier_refusesEveryRegistry() {
        RegistryLanes lanes = lanes(8, 10, 4);
        AtomicInteger started = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            lanes.execute(new Registry("r" + i + ".example"), blocked(started));
        }

        assertThatThrownBy(() -> lanes.execute(HEALTHY, () -> { }))
                .isInstanceOf(RegistryLanes.Full.class)
                .hasMessage("the verifier has 4 verification tasks under way or waiting");
    }

    @Test
    void waitingTasks_runInOrder() throws InterruptedException {
        RegistryLanes lanes = lanes(1, 10, 100);
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            int task = i;
            lanes.execute(SLOW, () -> {
                order.add(task);
                done.countDown();
            });
        }

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void taskThatThrows_doesNotStallItsLine() throws InterruptedException {
        RegistryLanes lanes = lanes(1, 10, 100);
        CountDownLatch after = new CountDownLatch(1);
        Thread.UncaughtExceptionHandler quiet = (thread, e) -> { };
        lanes.execute(SLOW, () -> {
            Thread.currentThread().setUncaughtExceptionHandler(quiet);
            throw new IllegalStateException("planted");
        });
        lanes.execute(SLOW, after::countDown);

        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        waitFor(() -> lanes.running(SLOW) == 0);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 5 s").isTrue();
    }
}

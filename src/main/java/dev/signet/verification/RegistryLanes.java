package dev.signet.verification;

import dev.signet.reference.Registry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A share of the verification threads per registry (a bulkhead), sized by how the registry behaves, so that pods
 * naming slow or silent registries cannot take the threads that images on healthy registries need.
 *
 * <ul>
 *   <li>Each registry has a line: at most its share of tasks run at once, the next {@code waiting} wait in the line,
 *       any more are refused at once ({@link Full}). A waiting task runs on the thread that finished the registry's
 *       previous one, so a line holds no thread while it waits. A line is dropped when it empties, unless its
 *       registry is slow; past {@link #MAX_IDLE_LANES} lines every idle one is dropped.
 *   <li>A share starts at 2 (or the maximum, if lower) and grows by one with every task that finishes within {@code slowAfter}, up to
 *       {@code maxShare}; a task that takes longer halves it (at least 1) and marks the registry slow.
 *   <li>The tasks of a slow registry run on their own pool ({@code slowPool}) and may hold at most half of
 *       {@code capacity}, running or waiting: any number of slow registries share those, while healthy registries
 *       keep {@code pool} and the other half. A fast task moves the registry back.
 * </ul>
 *
 * Limit: a registry is known to be slow only after one of its tasks took longer than {@code slowAfter}, so the first
 * tasks naming a host never seen before run on {@code pool}, two at a time per host, for at most one request timeout.
 */
public final class RegistryLanes {
    /** A new registry's share, before any of its tasks has finished. */
    static final int INITIAL_SHARE = 2;
    /** Idle lines kept to remember that their registry is slow; past this many, idle lines are dropped. */
    static final int MAX_IDLE_LANES = 1024;

    private final Executor pool;
    private final Executor slowPool;
    private final int maxShare;
    private final int waiting;
    private final int capacity;
    private final long slowAfterNanos;
    private final LongSupplier nanoTime;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger heldSlow = new AtomicInteger();
    private final Map<Registry, Lane> lanes = new ConcurrentHashMap<>();

    /** A task refused because its registry's line, or the verifier, is full; the message says which. */
    public static final class Full extends RejectedExecutionException {
        private static final long serialVersionUID = 1L;

        Full(String message) {
            super(message);
        }
    }

    /** One registry's line; guarded by the map's lock for its key (only touched inside {@code compute}). */
    private static final class Lane {
        private int running;
        private int share;
        private boolean slow;
        private final Queue<Job> queued = new ArrayDeque<>();

        Lane(int share) {
            this.share = share;
        }
    }

    /** A task with the class it was counted under when it was accepted. */
    private record Job(Runnable task, boolean slow) {
    }

    /**
     * @param pool runs the tasks of registries not known to be slow
     * @param slowPool runs the tasks of registries known to be slow
     * @param maxShare tasks of one registry running at once, at most
     * @param waiting tasks of one registry waiting for its share
     * @param capacity tasks running or waiting across every registry (half of it for slow ones); both pools must
     *     accept that many without refusing
     * @param slowAfter a task that runs longer marks its registry slow
     */
    public RegistryLanes(Executor pool, Executor slowPool, int maxShare, int waiting, int capacity, Duration slowAfter, LongSupplier nanoTime) {
        if (maxShare < 1 || waiting < 0 || capacity < 2) {
            throw new IllegalArgumentException("the share must be positive, waiting not negative and capacity at least 2, got " + maxShare
                    + ", " + waiting + ", " + capacity);
        }
        this.pool = Objects.requireNonNull(pool, "pool");
        this.slowPool = Objects.requireNonNull(slowPool, "slowPool");
        this.maxShare = maxShare;
        this.waiting = waiting;
        this.capacity = capacity;
        this.slowAfterNanos = slowAfter.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** No shares: every task goes straight to {@code pool}, whose own limits apply (tests, the command line). */
    public static RegistryLanes direct(Executor pool) {
        return new RegistryLanes(pool);
    }

    private RegistryLanes(Executor pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.slowPool = pool;
        this.maxShare = 0; // no lines: see execute
        this.waiting = 0;
        this.capacity = Integer.MAX_VALUE;
        this.slowAfterNanos = Long.MAX_VALUE;
        this.nanoTime = System::nanoTime;
    }

    /** The executor for tasks naming {@code registry}. */
    public Executor of(Registry registry) {
        Objects.requireNonNull(registry, "registry");
        return task -> execute(registry, task);
    }

    /**
     * Runs {@code task} within {@code registry}'s share, now or after the tasks ahead of it.
     *
     * @throws RejectedExecutionException when the registry's line, or the verifier, is full
     */
    public void execute(Registry registry, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (maxShare == 0) {
            pool.execute(task);
            return;
        }
        if (held.incrementAndGet() > capacity) {
            held.decrementAndGet();
            throw new Full("the verifier has " + capacity + " verification tasks under way or waiting");
        }
        Job[] start = new Job[1];
        boolean[] created = new boolean[1];
        try {
            lanes.compute(registry, (key, existing) -> {
                created[0] = existing == null;
                Lane lane = existing == null ? new Lane(Math.min(INITIAL_SHARE, maxShare)) : existing;
                if (lane.running >= lane.share && lane.queued.size() >= waiting) {
                    throw new Full(registry + " has " + lane.running + " verification tasks under way and " + lane.queued.size() + " waiting");
                }
                if (lane.slow && heldSlow.incrementAndGet() > capacity / 2) {
                    heldSlow.decrementAndGet();
                    throw new Full("slow registries have " + capacity / 2 + " verification tasks under way or waiting");
                }
                Job job = new Job(task, lane.slow);
                if (lane.running < lane.share) {
                    lane.running++;
                    start[0] = job;
                } else {
                    lane.queued.add(job);
                }
                return lane;
            });
        } catch (RejectedExecutionException e) {
            held.decrementAndGet();
            throw e;
        }
        if (created[0] && lanes.size() > MAX_IDLE_LANES) {
            forgetIdle();
        }
        if (start[0] != null) {
            dispatch(registry, start[0]);
        }
    }

    /** Drops every idle line, slow or not: the memory of slow registries is bounded, not kept at any cost. */
    private void forgetIdle() {
        for (Registry registry : List.copyOf(lanes.keySet())) {
            lanes.computeIfPresent(registry, (key, lane) -> lane.running == 0 && lane.queued.isEmpty() ? null : lane);
        }
    }

    private void dispatch(Registry registry, Job job) {
        try {
            (job.slow() ? slowPool : pool).execute(() -> drain(registry, job));
        } catch (RejectedExecutionException e) {
            // only a pool shutting down refuses (both accept the capacity): the task is dropped with its slot
            release(job);
            List<Job> next = finished(registry, -1);
            next.forEach(this::release);
            throw e;
        }
    }

    /** Runs {@code first}, then the registry's waiting tasks one after the other while its share allows. */
    private void drain(Registry registry, Job first) {
        Job job = first;
        while (job != null) {
            long start = nanoTime.getAsLong();
            try {
                job.task().run();
            } catch (RuntimeException e) {
                // reported as the pool would, without leaving the line stalled behind a task that threw
                Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, e);
            } finally {
                release(job);
            }
            List<Job> next = finished(registry, nanoTime.getAsLong() - start);
            job = next.isEmpty() ? null : next.get(0);
            for (int i = 1; i < next.size(); i++) {
                try {
                    dispatch(registry, next.get(i));
                } catch (RejectedExecutionException e) {
                    // the pool is shutting down; dispatch gave the slot back
                }
            }
        }
    }

    private void release(Job job) {
        held.decrementAndGet();
        if (job.slow()) {
            heldSlow.decrementAndGet();
        }
    }

    /**
     * Records a finished task of {@code registry} that took {@code tookNanos} (negative: it never ran), and returns the waiting tasks to run
     * now: the first on this thread, the others on their pool (when the share grew). Empty when this thread's slot is
     * given back (nothing waits, or the share shrank below what runs).
     */
    private List<Job> finished(Registry registry, long tookNanos) {
        List<Job> next = new ArrayList<>(1);
        lanes.computeIfPresent(registry, (key, lane) -> {
            if (tookNanos > slowAfterNanos) {
                lane.slow = true;
                lane.share = Math.max(1, lane.share / 2);
            } else if (tookNanos >= 0) {
                lane.slow = false;
                lane.share = Math.min(maxShare, lane.share + 1);
            }
            if (lane.running > lane.share || lane.queued.isEmpty()) {
                lane.running--;
                // an idle line is dropped, unless it remembers that its registry is slow
                return lane.running == 0 && lane.queued.isEmpty() && !lane.slow ? null : lane;
            }
            next.add(lane.queued.poll());
            while (lane.running < lane.share && !lane.queued.isEmpty()) {
                lane.running++;
                next.add(lane.queued.poll());
            }
            return lane;
        });
        return next;
    }

    /** Tasks of {@code registry} running now. */
    public int running(Registry registry) {
        int[] running = new int[1];
        lanes.computeIfPresent(registry, (key, lane) -> {
            running[0] = lane.running;
            return lane;
        });
        return running[0];
    }

    /** Whether {@code registry}'s last task took longer than the slow threshold. */
    public boolean slow(Registry registry) {
        boolean[] slow = new boolean[1];
        lanes.computeIfPresent(registry, (key, lane) -> {
            slow[0] = lane.slow;
            return lane;
        });
        return slow[0];
    }

    /** Registries with a task running or waiting. */
    public int registries() {
        return lanes.size();
    }
}

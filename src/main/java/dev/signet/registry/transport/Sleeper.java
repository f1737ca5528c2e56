package dev.signet.registry.transport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Waits between retries. A port rather than {@code Thread.sleep}, so tests record the waits instead of spending them
 * and shutdown can interrupt them.
 */
@FunctionalInterface
public interface Sleeper {

    /** Returns after {@code duration}, or throws when the thread is interrupted first. */
    void sleep(Duration duration) throws InterruptedException;

    /** Real waiting: a future completed by the JDK's shared delayed executor, interruptible while it is awaited. */
    static Sleeper system() {
        return duration -> {
            if (duration.isZero() || duration.isNegative()) {
                return;
            }
            try {
                CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(duration.toNanos(), TimeUnit.NANOSECONDS)).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("an empty delayed task failed", e);
            }
        };
    }
}

package dev.signet.verification;

import java.time.Duration;

/**
 * When the caller of a verification stops waiting for it, on {@link System#nanoTime()}'s scale. Work past it is
 * stopped at the next registry request (a {@link DeadlineExceededException}) rather than finished for no one: a
 * registry that stalls each answer just under the request timeout could otherwise keep a verification thread for
 * minutes after the admission it served had been answered.
 */
public record Deadline(long nanoTime) {
    private static final Deadline NONE = new Deadline(Long.MAX_VALUE);

    /** {@code budget} from now. */
    public static Deadline after(Duration budget) {
        long now = System.nanoTime();
        long nanos = budget.toNanos();
        // saturates instead of overflowing into the past
        return new Deadline(nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos);
    }

    /** No deadline: the command line, where the user decides when to stop waiting. */
    public static Deadline none() {
        return NONE;
    }

    public boolean passed() {
        return nanoTime != Long.MAX_VALUE && System.nanoTime() - nanoTime > 0;
    }

    /** What is left, zero once passed. */
    public Duration remaining() {
        return nanoTime == Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
    }
}

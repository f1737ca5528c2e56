package dev.signet.bench;

import java.util.Arrays;

/** Durations in nanoseconds, kept whole (a soak records at most a few hundred thousand), summarised as percentiles. */
final class LatencySamples {
    private long[] samples = new long[1024];
    private int count;

    synchronized void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    synchronized int count() {
        return count;
    }

    /** {@code p50 X ms, p90 …, p99 …, max … (n=N)}, or {@code none} when nothing was recorded. */
    synchronized String summary() {
        if (count == 0) {
            return "none";
        }
        long[] sorted = sorted();
        return String.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)", at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99),
                sorted[count - 1] / 1e6, count);
    }

    /** The {@code p} quantile in milliseconds (0 when nothing was recorded). */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return 0;
        }
        return at(sorted(), p);
    }

    private long[] sorted() {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return sorted;
    }

    private static double at(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p * sorted.length) - 1))] / 1e6;
    }
}

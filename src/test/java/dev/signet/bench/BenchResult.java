package dev.signet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One measured value on stdout as {@code RESULT key=value}, the line {@code bench/report} collects from every
 * benchmark's output (JMH forks included: their stdout reaches the run's log). The key's suffix says the unit
 * ({@code _ms}, {@code _per_s}, {@code _mib}, {@code _pct}, none for a count); see {@link BenchReport}.
 */
final class BenchResult {
    private BenchResult() {
    }

    static void emit(String key, double value) {
        System.out.println(String.format(Locale.ROOT, "RESULT %s=%.4f", key, value));
    }

    static void emit(String key, String text) {
        System.out.println("RESULT " + key + "=" + text.replace('\n', ' '));
    }

    /** The resident set of process {@code pid} in MiB (Linux {@code /proc}), or NaN where that cannot be read. */
    static double rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return Double.NaN;
    }
}

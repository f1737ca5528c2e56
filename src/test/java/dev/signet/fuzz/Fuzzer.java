package dev.signet.fuzz;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs {@link FuzzTarget}s deterministically: case {@code i} of a target draws all its randomness from a
 * {@link SplittableRandom} seeded by (run seed, target name, i), so one case is replayed without the others. The first
 * cases are the seeds themselves, unmutated.
 *
 * <p>System properties: {@code signet.fuzz.seed} (decimal or {@code 0x} hex, or {@code random}; default
 * {@value #DEFAULT_SEED_TEXT}), {@code signet.fuzz.scale} (multiplies every target's case count, e.g. 10 for a
 * nightly run), {@code signet.fuzz.target} (run targets whose name contains it), {@code signet.fuzz.case} (replay
 * that one case) and {@code signet.fuzz.threads}. A failure names the seed, the case and the command that replays it.
 */
public final class Fuzzer {
    static final String DEFAULT_SEED_TEXT = "0x5167000000000007";
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** How many times its CPU bound a case may take in wall-clock time, blocked or starved, before it is a hang. */
    private static final int WALL_CLOCK_FACTOR = 6;
    private static final int MAX_REPORTED = 5;

    private Fuzzer() {
    }

    /** One dynamic test per target, for a {@code @TestFactory} in the calling test class. */
    public static Stream<DynamicTest> tests(FuzzTarget<?>... targets) {
        Class<?> testClass = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        String filter = System.getProperty("signet.fuzz.target", "");
        return Arrays.stream(targets)
                .filter(target -> target.name().contains(filter))
                .map(target -> DynamicTest.dynamicTest(target.name(), () -> run(target, testClass)));
    }

    /** Runs every case of {@code target}; throws an {@link AssertionError} listing the findings, if any. */
    public static <T> Report run(FuzzTarget<T> target, Class<?> testClass) {
        Settings settings = Settings.fromSystemProperties();
        Run<T> run = new Run<>(target, settings, testClass);
        Report report = run.execute();
        System.out.println(report.summary());
        if (!report.findings().isEmpty()) {
            throw report.failure();
        }
        return report;
    }

    /** The random source of one case. */
    static SplittableRandom random(long seed, String target, int index) {
        long state = seed;
        for (int i = 0; i < target.length(); i++) {
            state = mix(state ^ target.charAt(i));
        }
        return new SplittableRandom(mix(state + index * 0x9E3779B97F4A7C15L));
    }

    // Stafford's mix13, as SplittableRandom uses it
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** How a run was configured. */
    record Settings(long seed, double scale, Integer onlyCase, int threads) {
        static Settings fromSystemProperties() {
            String seedText = System.getProperty("signet.fuzz.seed", DEFAULT_SEED_TEXT).strip();
            long seed = seedText.equalsIgnoreCase("random") ? new SecureRandom().nextLong() : parseLong(seedText);
            double scale = Double.parseDouble(System.getProperty("signet.fuzz.scale", "1"));
            String only = System.getProperty("signet.fuzz.case", "").strip();
            int threads = Integer.getInteger("signet.fuzz.threads", Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
            return new Settings(seed, scale, only.isEmpty() ? null : Integer.valueOf(only), threads);
        }

        private static long parseLong(String text) {
            return text.startsWith("0x") || text.startsWith("0X") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
        }

        String seedText() {
            return "0x" + Long.toHexString(seed);
        }
    }

    /** What a case can find. */
    enum Kind {
        CRASH("threw an undocumented exception"),
        MESSAGE("rejected with a message outside <action> <subject>: <cause>"),
        INVARIANT("accepted the input but broke an invariant"),
        HANG("did not finish within the time bound");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** One finding: the case, its input and what went wrong. */
    record Finding(int index, Kind kind, String input, String detail, Throwable thrown) {
        /** Findings with the same signature are one bug seen several times. */
        String signature() {
            if (thrown == null) {
                return kind + ":" + detail;
            }
            StackTraceElement origin = Arrays.stream(thrown.getStackTrace())
                    .filter(frame -> frame.getClassName().startsWith("dev.signet.") && !frame.getClassName().startsWith("dev.signet.fuzz."))
                    .findFirst().orElse(thrown.getStackTrace().length > 0 ? thrown.getStackTrace()[0] : null);
            // a message problem is one bug whatever character or index it names; a broken invariant is told apart by
            // what its message says before the first ": " (checks put the kind of failure there)
            String problem = switch (kind) {
                case MESSAGE -> ":" + detail.substring(0, detail.indexOf(':')).replaceAll("U\\+\\p{XDigit}{4}|\\d+", "#");
                case INVARIANT -> ":" + category(thrown.getMessage());
                default -> "";
            };
            return kind + ":" + thrown.getClass().getName() + "@" + origin + problem;
        }

        private static String category(String message) {
            String text = message == null ? "" : message.strip();
            int end = text.indexOf(": ");
            text = end < 0 ? text : text.substring(0, end);
            return text.substring(0, Math.min(text.length(), 200)).replaceAll("\\d+", "#");
        }
    }

    /** The outcome of a run. */
    record Report(String target, Settings settings, Class<?> testClass, int cases, int accepted, int rejected,
            List<Finding> findings, int findingCount, Duration elapsed, Duration cpu, Duration slowest, int slowestCase) {

        String summary() {
            return String.format(Locale.ROOT, "fuzz %s: %d cases (seed %s), %d accepted, %d rejected, %d findings, %.1f s (%.1f s CPU), slowest case %d ms (#%d)",
                    target, cases, settings.seedText(), accepted, rejected, findingCount, elapsed.toMillis() / 1000.0, cpu.toMillis() / 1000.0,
                    slowest.toMillis(), slowestCase);
        }

        AssertionError failure() {
            StringBuilder message = new StringBuilder(summary());
            Map<String, Finding> distinct = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Finding finding : findings) {
                distinct.putIfAbsent(finding.signature(), finding);
                counts.merge(finding.signature(), 1, Integer::sum);
            }
            int shown = 0;
            for (Map.Entry<String, Finding> entry : distinct.entrySet()) {
                Finding finding = entry.getValue();
                if (shown++ >= MAX_REPORTED) {
                    // the rest in one line each: enough to tell the bugs apart
                    message.append("\n  case ").append(finding.index()).append(" (").append(counts.get(entry.getKey())).append(" like it): ")
                            .append(finding.detail(), 0, Math.min(finding.detail().length(), 240));
                    continue;
                }
                message.append("\n  case ").append(finding.index()).append(' ').append(finding.kind().description)
                        .append(" (").append(counts.get(entry.getKey())).append(" cases like it)")
                        .append("\n    ").append(finding.detail())
                        .append("\n    input: ").append(finding.input())
                        .append("\n    replay: ./mvnw -B test -Dtest=").append(testClass.getSimpleName())
                        .append(" -Dsignet.fuzz.seed=").append(settings.seedText())
                        .append(" -Dsignet.fuzz.target=").append(target)
                        .append(" -Dsignet.fuzz.case=").append(finding.index());
            }
            AssertionError error = new AssertionError(message.toString());
            findings.stream().map(Finding::thrown).filter(thrown -> thrown != null).findFirst().ifPresent(error::initCause);
            return error;
        }
    }

    /** One run of one target. */
    private static final class Run<T> {
        private final FuzzTarget<T> target;
        private final Settings settings;
        private final Class<?> testClass;
        private final List<Finding> findings = new ArrayList<>();
        private int findingCount;
        private int accepted;
        private int rejected;
        private long slowestNanos;
        private int slowestCase = -1;
        private final Map<Integer, Started> running = new ConcurrentHashMap<>();
        private final AtomicLong cpuNanos = new AtomicLong();

        Run(FuzzTarget<T> target, Settings settings, Class<?> testClass) {
            this.target = target;
            this.settings = settings;
            this.testClass = testClass;
        }

        Report execute() {
            int cases = (int) Math.max(target.seeds().size(), Math.round(target.cases() * settings.scale()));
            int first = settings.onlyCase() == null ? 0 : settings.onlyCase();
            int end = settings.onlyCase() == null ? cases : settings.onlyCase() + 1;
            int threads = target.threads() > 0 ? target.threads() : settings.threads();
            long start = System.nanoTime();
            ExecutorService workers = Executors.newFixedThreadPool(threads, runnable -> {
                Thread thread = new Thread(runnable, "fuzz-" + target.name());
                thread.setDaemon(true);
                return thread;
            });
            try {
                ExecutorCompletionService<Outcome> completed = new ExecutorCompletionService<>(workers);
                int next = first;
                int inFlight = 0;
                boolean hung = false;
                long checked = System.nanoTime();
                // a few cases queued per worker keeps every core busy; each case's deadline runs from its own start
                while (!hung && (next < end || inFlight > 0)) {
                    while (inFlight < 4 * threads && next < end) {
                        final int caseIndex = next++;
                        completed.submit(() -> runCase(caseIndex));
                        inFlight++;
                    }
                    Future<Outcome> done = completed.poll(20, TimeUnit.MILLISECONDS);
                    if (done != null) {
                        inFlight--;
                        collect(done.get());
                    }
                    if (System.nanoTime() - checked > TimeUnit.MILLISECONDS.toNanos(20)) {
                        hung = checkDeadlines();
                        checked = System.nanoTime();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a fuzz case failed outside its own handling", e.getCause());
            } finally {
                workers.shutdownNow();
            }
            if (settings.onlyCase() != null) {
                System.out.println("fuzz " + target.name() + " case " + first + " input: " + target.describe(input(first)));
            }
            return new Report(target.name(), settings, testClass, end - first, accepted, rejected, List.copyOf(findings), findingCount,
                    Duration.ofNanos(System.nanoTime() - start), Duration.ofNanos(cpuNanos.get()), Duration.ofNanos(slowestNanos), slowestCase);
        }

        private void collect(Outcome outcome) {
            if (outcome.nanos() > slowestNanos) {
                slowestNanos = outcome.nanos();
                slowestCase = outcome.index();
            }
            switch (outcome.kind()) {
                case ACCEPTED -> accepted++;
                case REJECTED -> rejected++;
                case FINDING -> record(outcome.finding());
            }
        }

        /**
         * Records a hang and returns true when a running case is past its time bound; its worker is then lost. The bound
         * is on the case's own CPU time, so a machine busy with other work does not turn a slow schedule into a
         * finding; a case that waits instead of computing is caught by {@link #WALL_CLOCK_FACTOR} times the bound.
         */
        private boolean checkDeadlines() {
            long now = System.nanoTime();
            long bound = target.timeout().toNanos();
            for (Map.Entry<Integer, Started> entry : running.entrySet()) {
                Started started = entry.getValue();
                long cpu = CPU.getThreadCpuTime(started.thread().getId()) - started.cpuNanos();
                boolean spinning = started.cpuNanos() >= 0 && cpu > bound;
                if (spinning || now - started.nanos() > bound * WALL_CLOCK_FACTOR) {
                    int index = entry.getKey();
                    Throwable where = new Throwable("where case " + index + " was when its time ran out");
                    where.setStackTrace(started.thread().getStackTrace());
                    started.thread().interrupt();
                    String what = spinning ? "used more than " + target.timeout().toMillis() + " ms of CPU"
                            : "still running after " + target.timeout().toMillis() * WALL_CLOCK_FACTOR + " ms";
                    record(new Finding(index, Kind.HANG, target.describe(input(index)), what + ", in " + topFrames(where), where));
                    return true;
                }
            }
            return false;
        }

        private static String topFrames(Throwable where) {
            return Arrays.stream(where.getStackTrace()).limit(6).map(String::valueOf).reduce((a, b) -> a + " < " + b).orElse("?");
        }

        private void record(Finding finding) {
            findingCount++;
            if (findings.size() < 200) {
                findings.add(finding);
            }
        }

        private T input(int index) {
            List<T> seeds = target.seeds();
            if (index < seeds.size()) {
                return seeds.get(index);
            }
            SplittableRandom random = random(settings.seed(), target.name(), index);
            return target.mutator().mutate(seeds.get(random.nextInt(seeds.size())), random, seeds);
        }

        private Outcome runCase(int index) {
            long cpuStart = CPU.getCurrentThreadCpuTime();
            running.put(index, new Started(Thread.currentThread(), System.nanoTime(), cpuStart));
            try {
                return attempt(index);
            } catch (RuntimeException | StackOverflowError e) {
                return Outcome.finding(index, 0, new Finding(index, Kind.CRASH, "(unknown)", "the harness failed: " + e, e));
            } finally {
                cpuNanos.addAndGet(CPU.getCurrentThreadCpuTime() - cpuStart);
                running.remove(index);
            }
        }

        private Outcome attempt(int index) {
            T input;
            try {
                input = input(index);
            } catch (RuntimeException | StackOverflowError e) {
                return Outcome.finding(index, 0, new Finding(index, Kind.CRASH, "(the mutator failed)", "the mutator threw " + e, e));
            }
            long start = System.nanoTime();
            Object result;
            try {
                result = target.parse().apply(input);
            } catch (Throwable thrown) {
                long nanos = System.nanoTime() - start;
                if (thrown instanceof VirtualMachineError && !(thrown instanceof StackOverflowError) && !(thrown instanceof OutOfMemoryError)) {
                    throw (VirtualMachineError) thrown;
                }
                if (!target.isRejection(thrown)) {
                    return Outcome.finding(index, nanos, new Finding(index, Kind.CRASH, target.describe(input), String.valueOf(thrown), thrown));
                }
                String problem = MessageShape.problem(thrown.getMessage());
                if (problem != null) {
                    return Outcome.finding(index, nanos, new Finding(index, Kind.MESSAGE, target.describe(input),
                            "message " + problem + ": " + Describe.text(String.valueOf(thrown.getMessage())), thrown));
                }
                return new Outcome(index, OutcomeKind.REJECTED, nanos, null);
            }
            try {
                target.check().verify(input, result);
            } catch (Throwable thrown) {
                return Outcome.finding(index, System.nanoTime() - start, new Finding(index, Kind.INVARIANT, target.describe(input), String.valueOf(thrown), thrown));
            }
            return new Outcome(index, OutcomeKind.ACCEPTED, System.nanoTime() - start, null);
        }
    }

    private record Started(Thread thread, long nanos, long cpuNanos) {
    }

    private enum OutcomeKind { ACCEPTED, REJECTED, FINDING }

    private record Outcome(int index, OutcomeKind kind, long nanos, Finding finding) {
        static Outcome finding(int index, long nanos, Finding finding) {
            return new Outcome(index, OutcomeKind.FINDING, nanos, finding);
        }
    }
}

package dev.signet.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One parser under fuzzing: valid seeds, a {@link Mutator} that derives hostile inputs from them, the parse call and
 * the rejection types the parser documents. {@link Fuzzer} runs it; anything else the call throws, a rejection whose
 * message breaks {@code <action> <subject>: <cause>}, a failed {@link Check} on an accepted input, or a case that
 * outlives {@link #timeout()} is a finding.
 *
 * <p>Adding a target is a few lines, e.g. for a YAML policy loader:
 * <pre>{@code
 * FuzzTarget.<byte[]>named("policy.yaml")
 *         .seeds(Seeds.resources("policies", ".yaml"))
 *         .mutator(Mutators.text())
 *         .parse(yaml -> PolicyDocuments.parse(yaml, "fuzz.yaml"))
 *         .rejects(PolicyException.class)
 *         .build();
 * }</pre>
 *
 * @param <T> the input type: {@code byte[]} or {@code String} for most parsers, a small record when a call takes more
 */
public final class FuzzTarget<T> {
    /** The default number of cases: the CI-sized run of issue 7. */
    public static final int DEFAULT_CASES = 10_000;
    /**
     * The CPU time one case may use: far above any parse of a bounded input (the slowest take a few hundred ms); what
     * takes longer is a hang (regex backtracking, a loop), which runs for minutes. Measured as the case thread's CPU
     * time, so a loaded machine does not make a finding of a slow schedule.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The call under test; its return value goes to the {@link Check}. */
    @FunctionalInterface
    public interface Parse<T> {
        Object apply(T input) throws Exception;
    }

    /** An invariant of accepted inputs, e.g. "the canonical form parses back to the same value"; throws when broken. */
    @FunctionalInterface
    public interface Check<T> {
        void verify(T input, Object result) throws Exception;
    }

    private final String name;
    private final List<T> seeds;
    private final Mutator<T> mutator;
    private final Parse<T> parse;
    private final List<Class<? extends Throwable>> rejections;
    private final Check<T> check;
    private final Function<T, String> describe;
    private final int cases;
    private final Duration timeout;
    private final int threads;

    private FuzzTarget(Builder<T> builder) {
        this.name = Objects.requireNonNull(builder.name, "name");
        this.seeds = List.copyOf(builder.seeds);
        this.mutator = Objects.requireNonNull(builder.mutator, "mutator");
        this.parse = Objects.requireNonNull(builder.parse, "parse");
        this.rejections = List.copyOf(builder.rejections);
        this.check = builder.check;
        this.describe = builder.describe;
        this.cases = builder.cases;
        this.timeout = builder.timeout;
        this.threads = builder.threads;
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("fuzz target " + name + " has no seeds");
        }
    }

    /** Starts a target; the name appears in reports and in {@code -Dsignet.fuzz.target}. */
    public static <T> Builder<T> named(String name) {
        return new Builder<>(name);
    }

    public String name() {
        return name;
    }

    public List<T> seeds() {
        return seeds;
    }

    Mutator<T> mutator() {
        return mutator;
    }

    Parse<T> parse() {
        return parse;
    }

    Check<T> check() {
        return check;
    }

    /** Whether {@code thrown} is one of the parser's documented rejections. */
    boolean isRejection(Throwable thrown) {
        return rejections.stream().anyMatch(type -> type.isInstance(thrown));
    }

    String describe(T input) {
        return describe.apply(input);
    }

    public int cases() {
        return cases;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Worker threads; 0 means {@link Fuzzer}'s default. */
    int threads() {
        return threads;
    }

    /** Builds a {@link FuzzTarget}; seeds, mutator, parse and at least the documented rejection types are needed. */
    public static final class Builder<T> {
        private final String name;
        private final List<T> seeds = new ArrayList<>();
        private Mutator<T> mutator;
        private Parse<T> parse;
        private final List<Class<? extends Throwable>> rejections = new ArrayList<>();
        private Check<T> check = (input, result) -> { };
        private Function<T, String> describe = Describe::of;
        private int cases = DEFAULT_CASES;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int threads;

        private Builder(String name) {
            this.name = name;
        }

        /** Valid (and known-invalid) inputs to start from; each also runs once unmutated. */
        public Builder<T> seeds(List<T> more) {
            seeds.addAll(more);
            return this;
        }

        public Builder<T> mutator(Mutator<T> value) {
            this.mutator = value;
            return this;
        }

        public Builder<T> parse(Parse<T> value) {
            this.parse = value;
            return this;
        }

        /** The exception types the parser documents for bad input; their messages must have the project's shape. */
        @SafeVarargs
        public final Builder<T> rejects(Class<? extends Throwable>... types) {
            rejections.addAll(List.of(types));
            return this;
        }

        public Builder<T> check(Check<T> value) {
            this.check = value;
            return this;
        }

        /** How an input is shown in a report; the default escapes text and hex-dumps binary. */
        public Builder<T> describe(Function<T, String> value) {
            this.describe = value;
            return this;
        }

        /** Cases in a run at scale 1, the seeds included. */
        public Builder<T> cases(int value) {
            this.cases = value;
            return this;
        }

        public Builder<T> timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public Builder<T> threads(int value) {
            this.threads = value;
            return this;
        }

        public FuzzTarget<T> build() {
            return new FuzzTarget<>(this);
        }
    }
}

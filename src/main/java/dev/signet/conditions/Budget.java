package dev.signet.conditions;

import java.time.Instant;

/**
 * The steps and time left to one evaluation. JMESPath has no cancellation, so the runtime charges a step per field
 * access and list expansion ({@link BudgetedRuntime}) and regular expressions read their input through
 * {@link #watch}, and both throw {@link ExpressionException} once the budget is spent.
 */
final class Budget {
    private final long maxSteps;
    private final long deadline;
    private final Instant now;
    private long steps;

    Budget(long maxSteps, long deadlineNanos, Instant now) {
        this.maxSteps = maxSteps;
        this.deadline = deadlineNanos;
        this.now = now;
    }

    /** The evaluation's one reading of the clock: every time function in it sees the same "now". */
    Instant now() {
        return now;
    }

    void charge(long amount) {
        steps += amount;
        if (steps > maxSteps) {
            throw new ExpressionException("evaluation took more than " + maxSteps + " steps");
        }
        if ((steps & 0x3ff) == 0) {
            checkTime();
        }
    }

    void checkTime() {
        if (System.nanoTime() - deadline > 0) {
            throw new ExpressionException("evaluation ran out of time");
        }
    }

    /** A view of {@code text} that checks the deadline as a regular expression reads it (Java regex backtracks). */
    CharSequence watch(CharSequence text) {
        return new CharSequence() {
            private int reads;

            @Override
            public int length() {
                return text.length();
            }

            @Override
            public char charAt(int index) {
                if ((++reads & 0xfff) == 0) {
                    checkTime();
                }
                return text.charAt(index);
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                return watch(text.subSequence(start, end));
            }

            @Override
            public String toString() {
                return text.toString();
            }
        };
    }
}

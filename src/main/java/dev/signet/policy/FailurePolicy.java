package dev.signet.policy;

import java.util.Locale;
import java.util.Optional;

/** What an undecidable result ({@code error}) becomes: a denial ({@code Fail}) or an allowed verdict with a warning. */
public enum FailurePolicy {
    FAIL,
    IGNORE;

    public static Optional<FailurePolicy> parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "fail" -> Optional.of(FAIL);
            case "ignore" -> Optional.of(IGNORE);
            default -> Optional.empty();
        };
    }

    /** Whether what could not be decided is allowed (with a warning). */
    public boolean allows() {
        return this == IGNORE;
    }

    /**
     * The one sentence for an answer reached without a decision (a request that cannot be read, a verifier that did not
     * answer in time): the cause, then what this failure policy makes of it.
     */
    public String undecided(String cause) {
        return "Signet could not decide (" + cause + "); failurePolicy " + (allows() ? "Ignore allows" : "Fail denies");
    }
}

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
}

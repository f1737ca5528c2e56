package dev.signet.policy;

import java.util.Locale;
import java.util.Optional;

/** What a {@code fail} becomes: a denial ({@code Enforce}) or a warning on an allowed verdict ({@code Audit}). */
public enum EnforcementAction {
    ENFORCE,
    AUDIT;

    /** Kyverno accepts any case ({@code enforce}, {@code Enforce}); so do we. */
    static Optional<EnforcementAction> parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "enforce" -> Optional.of(ENFORCE);
            case "audit" -> Optional.of(AUDIT);
            default -> Optional.empty();
        };
    }
}

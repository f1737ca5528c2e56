package dev.signet.conditions;

import java.util.Locale;
import java.util.Optional;

/**
 * Kyverno's condition operators (api/kyverno/v1 {@code ConditionOperators}), matched without regard to case as
 * Kyverno's {@code CreateOperatorHandler} does; {@code Equal} and {@code NotEqual} are aliases.
 */
public enum Operator {
    EQUALS("Equals", "Equal"),
    NOT_EQUALS("NotEquals", "NotEqual"),
    /** Deprecated in Kyverno in favour of AnyIn/AllIn; still evaluated. */
    IN("In"),
    ANY_IN("AnyIn"),
    ALL_IN("AllIn"),
    /** Deprecated in Kyverno in favour of AnyNotIn/AllNotIn; still evaluated. */
    NOT_IN("NotIn"),
    ANY_NOT_IN("AnyNotIn"),
    ALL_NOT_IN("AllNotIn"),
    GREATER_THAN("GreaterThan"),
    GREATER_THAN_OR_EQUALS("GreaterThanOrEquals"),
    LESS_THAN("LessThan"),
    LESS_THAN_OR_EQUALS("LessThanOrEquals"),
    /** Deprecated in Kyverno: GreaterThan and friends compare durations too. */
    DURATION_GREATER_THAN("DurationGreaterThan"),
    DURATION_GREATER_THAN_OR_EQUALS("DurationGreaterThanOrEquals"),
    DURATION_LESS_THAN("DurationLessThan"),
    DURATION_LESS_THAN_OR_EQUALS("DurationLessThanOrEquals");

    private final String kyvernoName;
    private final String alias;

    Operator(String kyvernoName) {
        this(kyvernoName, null);
    }

    Operator(String kyvernoName, String alias) {
        this.kyvernoName = kyvernoName;
        this.alias = alias;
    }

    /** The name as policies write it. */
    public String kyvernoName() {
        return kyvernoName;
    }

    /** The operator a policy names, any case; empty for names Kyverno does not know. */
    public static Optional<Operator> parse(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        for (Operator operator : values()) {
            if (operator.kyvernoName.toLowerCase(Locale.ROOT).equals(lower)
                    || operator.alias != null && operator.alias.toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }

    boolean isOrdering() {
        return ordinal() >= GREATER_THAN.ordinal() && ordinal() <= LESS_THAN_OR_EQUALS.ordinal();
    }

    boolean isDuration() {
        return ordinal() >= DURATION_GREATER_THAN.ordinal();
    }

    /** Whether {@code comparison} (negative, zero, positive: key against value) satisfies this ordering. */
    boolean accepts(int comparison) {
        return switch (this) {
            case GREATER_THAN, DURATION_GREATER_THAN -> comparison > 0;
            case GREATER_THAN_OR_EQUALS, DURATION_GREATER_THAN_OR_EQUALS -> comparison >= 0;
            case LESS_THAN, DURATION_LESS_THAN -> comparison < 0;
            case LESS_THAN_OR_EQUALS, DURATION_LESS_THAN_OR_EQUALS -> comparison <= 0;
            default -> throw new IllegalStateException(this + " is not an ordering");
        };
    }
}

package dev.signet.conditions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What one condition came to: which condition, what its key and value were after substitution (shown bounded, with
 * control characters replaced, since they come from attestation data), and why it failed or could not be decided.
 */
public record ConditionOutcome(Condition condition, Status status, String keySeen, String valueSeen, String detail) {
    /** Shown values are cut here: enough to recognise, too short to flood a denial or a log. */
    public static final int MAX_SHOWN = 200;

    /** Held, did not hold, or could not be evaluated (a failing expression, a budget spent). */
    public enum Status {
        PASSED,
        FAILED,
        ERROR
    }

    public ConditionOutcome {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(status, "status");
        keySeen = shown(keySeen);
        valueSeen = shown(valueSeen);
        detail = detail == null ? "" : shown(detail);
    }

    /** One line for a denial: {@code conditions[0].all[1] ({{ builder.id }} Equals "x"): saw "y"; message}. */
    public String describe() {
        String what = condition.path() + " (" + shown(template(condition)) + ")";
        return switch (status) {
            case PASSED -> what + ": held";
            case FAILED -> what + ": saw " + keySeen + (condition.message().isEmpty() ? "" : "; " + shown(condition.message()));
            case ERROR -> what + ": could not be evaluated: " + detail;
        };
    }

    private static String template(Condition condition) {
        return text(condition.key()) + " " + condition.operator().kyvernoName() + " " + text(condition.value());
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : GoValues.marshal(node);
    }

    /** Cuts to {@value #MAX_SHOWN} characters and replaces control and line-separator characters with '?'. */
    static String shown(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        return out.toString();
    }
}

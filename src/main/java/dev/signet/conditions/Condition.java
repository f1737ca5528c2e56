package dev.signet.conditions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One Kyverno condition: {@code key} and {@code value} are JSON templates (strings may hold {@code {{ }}}
 * variables), compared with {@code operator}; {@code message} is reported with the outcome.
 *
 * @param path where it sits, e.g. {@code conditions[0].all[1]}, for messages
 */
public record Condition(String path, JsonNode key, Operator operator, JsonNode value, String message) {

    public Condition {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(value, "value");
        message = message == null ? "" : message;
    }
}

package dev.signet.conditions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Equals, NotEquals and the orderings with Kyverno's rules (pkg/engine/variables/operator equal.go, notequal.go,
 * numeric.go, duration.go, operator.go parseDuration): numbers are float64; a string key is compared as a Go
 * duration first (a bare number on the other side counts as seconds), then as a resource quantity, then (for
 * Equals) as a wildcard pattern given by the value; orderings fall back to numbers and then semantic versions.
 */
final class Equality {
    // Go's strconv.ParseFloat grammar (decimal forms, Inf, NaN); Java's parseDouble would also take "1d" or " 1"
    private static final Pattern GO_FLOAT = Pattern.compile("[+-]?(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))");
    private static final long SECOND = 1_000_000_000L;

    private Equality() {
    }

    static boolean equals(JsonNode key, JsonNode value) {
        if (key.isBoolean()) {
            return value.isBoolean() && key.booleanValue() == value.booleanValue();
        }
        if (key.isNumber()) {
            return number(value).filter(v -> v == key.asDouble()).isPresent();
        }
        if (key.isTextual()) {
            String k = key.textValue();
            Optional<long[]> durations = durations(key, value);
            if (durations.isPresent()) {
                return seconds(durations.get()[0]) == seconds(durations.get()[1]);
            }
            Optional<BigDecimal> quantity = Quantity.parse(k);
            if (quantity.isPresent() && value.isTextual()) {
                return Quantity.parse(value.textValue()).filter(v -> v.compareTo(quantity.get()) == 0).isPresent();
            }
            return value.isTextual() && Wildcard.matches(value.textValue(), k);
        }
        if (key.isObject() || key.isArray()) {
            return value.getNodeType() == key.getNodeType() && same(key, value);
        }
        return false;
    }

    static boolean notEquals(JsonNode key, JsonNode value) {
        if (key.isBoolean()) {
            return !value.isBoolean() || key.booleanValue() != value.booleanValue();
        }
        if (key.isNumber()) {
            return number(value).map(v -> v != key.asDouble()).orElse(true);
        }
        if (key.isTextual()) {
            String k = key.textValue();
            Optional<long[]> durations = durations(key, value);
            if (durations.isPresent()) {
                return seconds(durations.get()[0]) != seconds(durations.get()[1]);
            }
            Optional<BigDecimal> quantity = Quantity.parse(k);
            if (quantity.isPresent() && value.isTextual() && !value.textValue().isEmpty()) {
                return Quantity.parse(value.textValue()).map(v -> v.compareTo(quantity.get()) != 0).orElse(true);
            }
            return !value.isTextual() || !Wildcard.matches(value.textValue(), k);
        }
        if (key.isObject() || key.isArray()) {
            return value.getNodeType() != key.getNodeType() || !same(key, value);
        }
        return false;
    }

    /** GreaterThan and friends: durations, quantities, numbers, then semantic versions; anything else is false. */
    static boolean order(Operator operator, JsonNode key, JsonNode value) {
        if (operator.isDuration()) {
            return durationOrder(operator, key, value);
        }
        if (key.isNumber()) {
            return numberOrder(operator, key.asDouble(), value);
        }
        if (!key.isTextual()) {
            return false;
        }
        String k = key.textValue();
        Optional<long[]> durations = durations(key, value);
        if (durations.isPresent()) {
            return operator.accepts(Double.compare(seconds(durations.get()[0]), seconds(durations.get()[1])));
        }
        Optional<BigDecimal> keyQuantity = Quantity.parse(k);
        Optional<BigDecimal> valueQuantity = value.isTextual() ? Quantity.parse(value.textValue()) : Optional.empty();
        if (keyQuantity.isPresent() && valueQuantity.isPresent()) {
            return operator.accepts(keyQuantity.get().compareTo(valueQuantity.get()));
        }
        Optional<Double> keyNumber = goFloat(k);
        if (keyNumber.isPresent()) {
            return numberOrder(operator, keyNumber.get(), value);
        }
        Optional<SemanticVersion> keyVersion = SemanticVersion.parse(k);
        if (keyVersion.isPresent() && value.isTextual()) {
            return SemanticVersion.parse(value.textValue()).map(v -> operator.accepts(keyVersion.get().compareTo(v))).orElse(false);
        }
        return false;
    }

    private static boolean numberOrder(Operator operator, double key, JsonNode value) {
        if (value.isNumber()) {
            return operator.accepts(Double.compare(key, value.asDouble()));
        }
        if (!value.isTextual()) {
            return false;
        }
        Optional<long[]> durations = durations(JsonNodeFactory.instance.numberNode(key), value);
        if (durations.isPresent()) {
            return operator.accepts(Double.compare(seconds(durations.get()[0]), seconds(durations.get()[1])));
        }
        return goFloat(value.textValue()).map(v -> operator.accepts(Double.compare(key, v))).orElse(false);
    }

    /** The deprecated Duration* operators: both sides durations, bare numbers as whole seconds. */
    private static boolean durationOrder(Operator operator, JsonNode key, JsonNode value) {
        Optional<Long> k = key.isNumber() ? Optional.of(wholeSeconds(key.asDouble()))
                : key.isTextual() ? GoDuration.parse(key.textValue()) : Optional.empty();
        Optional<Long> v = value.isNumber() ? Optional.of(wholeSeconds(value.asDouble()))
                : value.isTextual() ? GoDuration.parse(value.textValue()) : Optional.empty();
        return k.isPresent() && v.isPresent() && operator.accepts(Long.compare(k.get(), v.get()));
    }

    /**
     * Kyverno's parseDuration: a string other than "0" that Go reads as a duration; the other side may be a bare
     * number of seconds. Empty when neither side is a duration or the other side is neither.
     */
    private static Optional<long[]> durations(JsonNode key, JsonNode value) {
        Optional<Long> k = key.isTextual() && !key.textValue().equals("0") ? GoDuration.parse(key.textValue()) : Optional.empty();
        Optional<Long> v = value.isTextual() && !value.textValue().equals("0") ? GoDuration.parse(value.textValue()) : Optional.empty();
        if (k.isEmpty() && v.isEmpty()) {
            return Optional.empty();
        }
        if (k.isEmpty()) {
            if (!key.isNumber()) {
                return Optional.empty();
            }
            k = Optional.of(wholeSeconds(key.asDouble()));
        }
        if (v.isEmpty()) {
            if (!value.isNumber()) {
                return Optional.empty();
            }
            v = Optional.of(wholeSeconds(value.asDouble()));
        }
        return Optional.of(new long[] {k.get(), v.get()});
    }

    /** Go's {@code time.Duration(f) * time.Second}: the float is truncated to an integer first. */
    private static long wholeSeconds(double seconds) {
        long whole = (long) seconds;
        return Math.abs(whole) > Long.MAX_VALUE / SECOND ? (whole < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : whole * SECOND;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static Optional<Double> number(JsonNode value) {
        if (value.isNumber()) {
            return Optional.of(value.asDouble());
        }
        return value.isTextual() ? goFloat(value.textValue()) : Optional.empty();
    }

    static Optional<Double> goFloat(String text) {
        if (text.length() > 400 || !GO_FLOAT.matcher(text).matches()) {
            return Optional.empty();
        }
        String lower = text.toLowerCase(Locale.ROOT).replace("+", "");
        if (lower.contains("inf")) {
            return Optional.of(lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        return Optional.of(lower.contains("nan") ? Double.NaN : Double.parseDouble(text));
    }

    /** Deep equality of decoded JSON, numbers compared as float64 (Kyverno's DeepEqual over json.Unmarshal output). */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode other = b.get(entry.getKey());
                if (other == null || !same(entry.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}

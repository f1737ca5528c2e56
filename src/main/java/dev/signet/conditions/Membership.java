package dev.signet.conditions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In, AnyIn, AllIn, NotIn, AnyNotIn and AllNotIn with Kyverno's rules (pkg/engine/variables/operator in.go, anyin.go,
 * allin.go, notin.go, anynotin.go, allnotin.go): a scalar key is printed as Go prints it and matched against the
 * value (a list, a JSON array in a string, or one string) with wildcards either way; a list key is a set. The
 * deprecated In/NotIn compare list keys exactly; a value Kyverno cannot read makes the condition false, even for
 * the NotIn family.
 */
final class Membership {
    // Kyverno's InRange/NotInRange patterns, numeric bounds only ("1-10", "1!-10")
    private static final Pattern RANGE = Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)(!?)-(-?[0-9]+(?:\\.[0-9]+)?)");

    private Membership() {
    }

    static boolean evaluate(Operator operator, JsonNode key, JsonNode value) {
        boolean scalar = key.isTextual() || key.isNumber() || key.isBoolean();
        if (!scalar && !key.isArray()) {
            return false;
        }
        if (operator == Operator.IN || operator == Operator.NOT_IN) {
            return legacy(operator == Operator.NOT_IN, key, value);
        }
        boolean negated = operator == Operator.ANY_NOT_IN || operator == Operator.ALL_NOT_IN;
        boolean all = operator == Operator.ALL_IN || operator == Operator.ALL_NOT_IN;
        if (scalar) {
            Optional<Boolean> exists = keyExists(GoValues.sprint(key), value);
            return exists.map(found -> negated != found).orElse(false);
        }
        List<String> keys = new ArrayList<>();
        key.forEach(element -> keys.add(GoValues.sprint(element)));
        return setMatches(keys, value, all, negated).orElse(false);
    }

    /** In and NotIn: scalar keys as the others; list keys must be strings and are compared exactly. */
    private static boolean legacy(boolean notIn, JsonNode key, JsonNode value) {
        if (!key.isArray()) {
            Optional<Boolean> exists = legacyKeyExists(GoValues.sprint(key), value);
            return exists.map(found -> notIn != found).orElse(false);
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode element : key) {
            if (!element.isTextual()) {
                return false;
            }
            keys.add(element.textValue());
        }
        List<String> values;
        if (value.isArray()) {
            values = new ArrayList<>();
            for (JsonNode element : value) {
                if (!element.isTextual()) {
                    return false;
                }
                values.add(element.textValue());
            }
        } else if (value.isTextual()) {
            // Kyverno answers "found" here whichever operator asked, so NotIn ["a"] in "a" is true there too
            if (keys.size() == 1 && keys.get(0).equals(value.textValue())) {
                return true;
            }
            Optional<List<String>> parsed = stringArray(value.textValue());
            if (parsed.isEmpty()) {
                return false;
            }
            values = parsed.get();
        } else {
            return false;
        }
        Set<String> set = new HashSet<>(values);
        return notIn ? !set.containsAll(keys) : set.containsAll(keys);
    }

    private static Optional<Boolean> legacyKeyExists(String key, JsonNode value) {
        if (value.isArray()) {
            return Optional.of(anyWildcard(key, value));
        }
        if (value.isTextual()) {
            if (Wildcard.matches(value.textValue(), key)) {
                return Optional.of(true);
            }
            return stringArray(value.textValue()).map(values -> values.contains(key));
        }
        return Optional.empty();
    }

    /** anyKeyExistsInArray / allKeyExistsInArray: empty when the value has a type Kyverno refuses. */
    private static Optional<Boolean> keyExists(String key, JsonNode value) {
        if (value.isArray()) {
            return Optional.of(anyWildcard(key, value));
        }
        if (!value.isTextual()) {
            return Optional.empty();
        }
        String text = value.textValue();
        if (Wildcard.matches(text, key)) {
            return Optional.of(true);
        }
        Optional<Boolean> range = inRange(key, text);
        if (range.isPresent()) {
            return range;
        }
        return candidates(text).map(values -> values.contains(key));
    }

    private static Optional<Boolean> setMatches(List<String> keys, JsonNode value, boolean all, boolean negated) {
        List<String> values = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(element -> values.add(GoValues.sprint(element)));
        } else if (!all && (value.isNumber() || value.isBoolean())) {
            values.add(GoValues.sprint(value));
        } else if (value.isTextual()) {
            String text = value.textValue();
            if (keys.size() == 1 && keys.get(0).equals(text)) {
                return Optional.of(!negated);
            }
            Matcher range = RANGE.matcher(text);
            if (range.matches()) {
                long inside = keys.stream().filter(k -> inRange(k, text).orElse(false)).count();
                return Optional.of(negated ? inside == 0 : all ? inside == keys.size() : inside > 0);
            }
            Optional<List<String>> parsed = candidates(text);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            values.addAll(parsed.get());
        } else {
            return Optional.empty();
        }
        long matched = keys.stream().filter(k -> values.stream().anyMatch(v -> Wildcard.matches(k, v) || Wildcard.matches(v, k))).count();
        if (all) {
            return Optional.of(negated ? matched == 0 : matched == keys.size());
        }
        return Optional.of(negated ? matched < keys.size() : matched > 0);
    }

    private static boolean anyWildcard(String key, JsonNode values) {
        for (JsonNode element : values) {
            String candidate = GoValues.sprint(element);
            if (Wildcard.matches(candidate, key) || Wildcard.matches(key, candidate)) {
                return true;
            }
        }
        return false;
    }

    /** A string value: a JSON array of strings, or (when it is not JSON at all) the one string itself. */
    private static Optional<List<String>> candidates(String text) {
        Optional<List<String>> parsed = stringArray(text);
        if (parsed.isPresent()) {
            return parsed;
        }
        return JsonText.isValid(text) ? Optional.empty() : Optional.of(List.of(text));
    }

    private static Optional<List<String>> stringArray(String text) {
        JsonNode parsed = JsonText.parse(text);
        if (parsed == null || !parsed.isArray()) {
            return parsed != null && parsed.isNull() ? Optional.of(List.of()) : Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : parsed) {
            if (!element.isTextual()) {
                return Optional.empty();
            }
            values.add(element.textValue());
        }
        return Optional.of(values);
    }

    /** A numeric range value ({@code 1-10} inclusive, {@code 1!-10} outside): empty when the value is no range. */
    private static Optional<Boolean> inRange(String key, String range) {
        Matcher matcher = RANGE.matcher(range);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Optional<Double> number = Equality.goFloat(key);
        if (number.isEmpty()) {
            return Optional.of(false);
        }
        double low = Double.parseDouble(matcher.group(1));
        double high = Double.parseDouble(matcher.group(3));
        boolean inside = number.get() >= low && number.get() <= high;
        return Optional.of(matcher.group(2).isEmpty() == inside);
    }
}

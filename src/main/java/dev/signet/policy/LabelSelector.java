package dev.signet.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes label selector ({@code matchLabels} and {@code matchExpressions} with {@code In}, {@code NotIn},
 * {@code Exists}, {@code DoesNotExist}); every requirement must hold, and an empty selector matches everything.
 * As in Kyverno (pkg/utils/match/labels.go, which substitutes wildcards before building the selector), a
 * {@code matchLabels} key or value may hold the wildcards {@code *} and {@code ?}. A selector Kubernetes would refuse
 * to build ({@code In}/{@code NotIn} without values, {@code Exists}/{@code DoesNotExist} with values) is not
 * {@link #valid()}: Kyverno's engine then fails to match it, and Signet's callers treat it as a field they cannot
 * evaluate (it never narrows enforcement).
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    /** One {@code matchExpressions} entry. */
    public record Requirement(String key, Operator operator, Set<String> values) {
        public Requirement {
            values = Set.copyOf(values);
        }

        boolean valid() {
            return switch (operator) {
                case IN, NOT_IN -> !values.isEmpty();
                case EXISTS, DOES_NOT_EXIST -> values.isEmpty();
            };
        }

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }
    }

    /** The operators of {@code matchExpressions}. */
    public enum Operator {
        IN,
        NOT_IN,
        EXISTS,
        DOES_NOT_EXIST
    }

    public LabelSelector {
        matchLabels = Map.copyOf(matchLabels);
        matchExpressions = List.copyOf(matchExpressions);
    }

    /** Whether Kubernetes would build this selector; an invalid one matches nothing. */
    public boolean valid() {
        return matchExpressions.stream().allMatch(Requirement::valid);
    }

    public boolean matches(Map<String, String> labels) {
        if (!valid()) {
            return false;
        }
        for (Map.Entry<String, String> label : matchLabels.entrySet()) {
            if (!hasLabel(labels, label.getKey(), label.getValue())) {
                return false;
            }
        }
        return matchExpressions.stream().allMatch(requirement -> requirement.matches(labels));
    }

    private static boolean hasLabel(Map<String, String> labels, String key, String value) {
        if (!Wildcards.has(key) && !Wildcards.has(value)) {
            return value.equals(labels.get(key));
        }
        return labels.entrySet().stream().anyMatch(label -> Wildcards.matches(key, label.getKey()) && Wildcards.matches(value, label.getValue()));
    }
}

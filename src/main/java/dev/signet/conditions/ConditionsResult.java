package dev.signet.conditions;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of a {@code conditions} list against one document: PASS, FAIL (some block did not hold; the
 * outcomes name which condition and what it saw) or ERROR (could not decide: never to be read as a pass).
 *
 * @param outcomes the conditions evaluated, in order; Kyverno stops a block at its first decisive condition, and so
 *     does Signet, so later conditions of that block are absent
 * @param error why the document could not be evaluated at all (empty when individual outcomes say why)
 */
public record ConditionsResult(Status status, List<ConditionOutcome> outcomes, String error) {

    /** Pass, fail, or could not decide. */
    public enum Status {
        PASS,
        FAIL,
        ERROR
    }

    public ConditionsResult {
        outcomes = List.copyOf(outcomes);
        error = error == null ? "" : ConditionOutcome.shown(error);
    }

    public boolean passed() {
        return status == Status.PASS;
    }

    /** The outcomes that failed or errored: what a denial names. */
    public List<ConditionOutcome> problems() {
        return outcomes.stream().filter(o -> o.status() != ConditionOutcome.Status.PASSED).toList();
    }

    /** One line for a denial or a verdict event, naming each failed condition and the value it saw. */
    public String summary() {
        return switch (status) {
            case PASS -> "conditions hold";
            case FAIL -> "conditions not met: " + problems().stream().map(ConditionOutcome::describe).collect(Collectors.joining("; "));
            case ERROR -> "conditions could not be evaluated: " + (error.isEmpty()
                    ? problems().stream().map(ConditionOutcome::describe).collect(Collectors.joining("; ")) : error);
        };
    }
}

package dev.signet.policy;

import java.util.List;
import java.util.Objects;

/**
 * The result of one rule on one digest, as the verdict cache keeps it.
 *
 * @param path where in the rule the decision came from, e.g. {@code attestors[0].entries[1]} (empty for the rule itself)
 * @param cause why, in words an operator can act on
 */
public record RuleOutcome(RuleStatus status, String path, String cause) {

    public RuleOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(cause, "cause");
    }

    static RuleOutcome pass(String path, String cause) {
        return new RuleOutcome(RuleStatus.PASS, path, cause);
    }

    static RuleOutcome fail(String path, String cause) {
        return new RuleOutcome(RuleStatus.FAIL, path, cause);
    }

    static RuleOutcome error(String path, String cause) {
        return new RuleOutcome(RuleStatus.ERROR, path, cause);
    }

    /**
     * The parts of one rule (its signatures, each attestation) AND-ed: the first {@code fail}, else the first
     * {@code error}, else a pass naming what each part verified.
     */
    static RuleOutcome all(List<RuleOutcome> parts) {
        if (parts.isEmpty()) {
            return error("", "the rule names neither attestors nor attestations");
        }
        for (RuleStatus decisive : List.of(RuleStatus.FAIL, RuleStatus.ERROR)) {
            for (RuleOutcome part : parts) {
                if (part.status() == decisive) {
                    return part;
                }
            }
        }
        return pass(parts.size() == 1 ? parts.get(0).path() : "", String.join("; ", parts.stream().map(RuleOutcome::cause).toList()));
    }
}

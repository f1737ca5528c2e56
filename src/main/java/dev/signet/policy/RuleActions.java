package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The action of a rule before the object is known: a fallback and the overrides that may replace it per namespace.
 *
 * <p>Kyverno 1.13 moved the action to the rule: a verifyImages entry may carry {@code failureAction}, and a rule whose
 * entries set one ignores the policy's {@code validationFailureAction} and {@code validationFailureActionOverrides}
 * (pkg/engine/api/engineresponse.go: the rule's action first, then the spec's overrides, then the spec's action).
 * Across the entries of one rule Kyverno takes Enforce when any entry enforces, "so that enforcement is not bypassed
 * when multiple entries exist", else the first action set; Signet applies that one action to every entry of the rule.
 */
record RuleActions(EnforcementAction action, List<ActionOverride> overrides) {

    RuleActions {
        Objects.requireNonNull(action, "action");
        overrides = List.copyOf(overrides);
    }

    static RuleActions of(EnforcementAction action) {
        return new RuleActions(action, List.of());
    }

    /**
     * The actions of one Kyverno rule: its entries' own {@code failureAction} when any sets one, else the policy's.
     * Entries whose value is not Enforce or Audit are left to the entry compiler, which refuses them.
     */
    static RuleActions ofKyvernoRule(JsonNode verifyImages, RuleActions policy) {
        Optional<EnforcementAction> first = Optional.empty();
        for (JsonNode entry : verifyImages) {
            JsonNode text = entry.path("failureAction");
            Optional<EnforcementAction> action = text.isTextual() ? EnforcementAction.parse(text.textValue()) : Optional.empty();
            if (action.isPresent() && action.get() == EnforcementAction.ENFORCE) {
                return of(EnforcementAction.ENFORCE);
            }
            if (first.isEmpty()) {
                first = action;
            }
        }
        return first.map(RuleActions::of).orElse(policy);
    }
}

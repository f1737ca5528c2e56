package dev.signet.policy;

import dev.signet.conditions.Conditions;
import java.util.List;
import java.util.Objects;

/**
 * One compiled {@code attestations} entry of a {@code verifyImages} rule: in-toto statements of one predicate type,
 * signed by its attestor sets (the rule's when it names none), whose predicates must all meet its conditions.
 *
 * @param path where it is in the policy ({@code verifyImages[0].attestations[1]})
 * @param predicateType the statement's {@code predicateType} URI (cosign's short names resolved)
 * @param attestors the sets that must have signed a statement of the type, AND-ed as the rule's are
 * @param conditions Kyverno's {@code conditions}, evaluated with each verified statement's predicate as the root
 */
public record AttestationRule(String path, String predicateType, List<AttestorSet> attestors, Conditions conditions) {
    public AttestationRule {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(predicateType, "predicateType");
        attestors = List.copyOf(attestors);
        Objects.requireNonNull(conditions, "conditions");
    }
}

package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.signet.conditions.Conditions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One compiled {@code attestations} entry of a {@code verifyImages} rule: in-toto statements of one predicate type,
 * signed by its attestor sets (the rule's when it names none), whose predicates must all meet its conditions.
 *
 * @param path where it is in the policy ({@code verifyImages[0].attestations[1]})
 * @param predicateType the statement's {@code predicateType} URI (cosign's short names resolved)
 * @param attestors the sets that must have signed a statement of the type, AND-ed as the rule's are
 * @param conditions Kyverno's {@code conditions}, evaluated with each verified statement's predicate as the root
 * @param variables the request's variables ({@link RequestContext}) beside the predicate's fields at that root, when the
 *     rule was compiled for one request (Kyverno's context holds both: imageverifier.go checkAttestations)
 */
public record AttestationRule(String path, String predicateType, List<AttestorSet> attestors, Conditions conditions, Optional<JsonNode> variables) {
    public AttestationRule {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(predicateType, "predicateType");
        attestors = List.copyOf(attestors);
        Objects.requireNonNull(conditions, "conditions");
        Objects.requireNonNull(variables, "variables");
    }

    public AttestationRule(String path, String predicateType, List<AttestorSet> attestors, Conditions conditions) {
        this(path, predicateType, attestors, conditions, Optional.empty());
    }

    /** The root the conditions see for this predicate: the request's variables, the predicate's fields over them. */
    JsonNode root(JsonNode predicate) {
        if (variables.isEmpty() || !predicate.isObject()) {
            return predicate;
        }
        ObjectNode root = ((ObjectNode) variables.get()).deepCopy();
        predicate.properties().forEach(field -> root.set(field.getKey(), field.getValue()));
        return root;
    }
}

package dev.signet.policy;

import java.util.List;
import java.util.Map;

/**
 * The policies in force at one moment, with the documents that failed to compile (by source) so readiness and
 * {@code policy test} can report them. Immutable: a change builds a new set.
 */
public record PolicySet(List<CompiledPolicy> policies, Map<String, String> problems) {

    public PolicySet {
        policies = List.copyOf(policies);
        problems = Map.copyOf(problems);
    }

    public static PolicySet empty() {
        return new PolicySet(List.of(), Map.of());
    }

    /** The policies that apply to the subject (namespace scope, match and exclude). */
    public List<CompiledPolicy> applicable(AdmissionSubject subject) {
        return policies.stream().filter(policy -> policy.applies(subject)).toList();
    }

    /** Whether some rule reads objects of this kind with its own {@code imageExtractors} (a Tekton TaskRun, a custom resource). */
    public boolean extracts(String kind) {
        return policies.stream().flatMap(policy -> policy.rules().stream()).anyMatch(rule -> !rule.extractorsFor(kind).podSpecs());
    }
}

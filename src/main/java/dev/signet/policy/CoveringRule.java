package dev.signet.policy;

import dev.signet.reference.Digest;
import java.util.Objects;

/**
 * A rule that covers an image, with the policy it belongs to (its identity and failure policy) and the action in
 * force for the object at hand (the rule's, or a {@code validationFailureActionOverrides} entry's for its namespace).
 */
record CoveringRule(CompiledPolicy policy, ImageRule rule, EnforcementAction action) {

    CoveringRule {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(action, "action");
    }

    /** Where no object is known (the CI gate, pre-warming): the strictest action the rule can have. */
    CoveringRule(CompiledPolicy policy, ImageRule rule) {
        this(policy, rule, rule.strictestAction());
    }

    /** Whether an allowed verdict pins the image ({@code mutateDigest} under the action in force, never Audit). */
    boolean pinsDigest() {
        return rule.pinsDigest(action);
    }

    /** The verdict cache key policy.md names: digest, policy uid + resourceVersion, rule index; never a tag. */
    VerdictCache.Key key(Digest digest) {
        PolicyId id = policy.id();
        return new VerdictCache.Key(digest, id.uid(), id.resourceVersion(), rule.index());
    }
}

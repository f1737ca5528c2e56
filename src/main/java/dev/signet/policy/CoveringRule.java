package dev.signet.policy;

import dev.signet.reference.Digest;
import java.util.Objects;

/** A rule that covers an image, with the policy it belongs to (its identity, action and failure policy). */
record CoveringRule(CompiledPolicy policy, ImageRule rule) {

    CoveringRule {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rule, "rule");
    }

    /** The verdict cache key policy.md names: digest, policy uid + resourceVersion, rule index; never a tag. */
    VerdictCache.Key key(Digest digest) {
        PolicyId id = policy.id();
        return new VerdictCache.Key(digest, id.uid(), id.resourceVersion(), rule.index());
    }
}

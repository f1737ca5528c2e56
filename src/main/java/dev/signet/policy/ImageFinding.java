package dev.signet.policy;

import dev.signet.reference.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * One image's result under one rule (or {@code skip} when no rule covers it), with what the verdict needs to weigh it.
 *
 * @param image the image as written in the object
 * @param pointer the JSON Pointer of the image field ({@code /spec/containers/0/image}), for the digest patch
 * @param policy empty for a skip, or for an error found before any policy applied (an unparseable image)
 * @param rulePath the rule and entry, e.g. {@code verifyImages[0], attestors[0].entries[1]}
 */
public record ImageFinding(
        String image,
        String pointer,
        Optional<Digest> digest,
        RuleStatus result,
        Optional<PolicyId> policy,
        String rulePath,
        String cause,
        EnforcementAction action,
        FailurePolicy failurePolicy,
        boolean pinsDigest) {

    public ImageFinding {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rulePath, "rulePath");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
    }

    /** Whether this finding alone denies the object (policy.md, Semantics 6). */
    public boolean denies() {
        return (result == RuleStatus.FAIL && action == EnforcementAction.ENFORCE) || (result == RuleStatus.ERROR && failurePolicy == FailurePolicy.FAIL);
    }

    /** Whether it allows with a warning: an Audit fail or an Ignore-d error. */
    public boolean warns() {
        return !denies() && (result == RuleStatus.FAIL || result == RuleStatus.ERROR);
    }

    /**
     * The sentence an operator reads: image, digest, policy, rule path and cause, e.g.
     * {@code image ghcr.io/acme/app:1 (sha256:ab..): policy require-signed, verifyImages[0], attestors[0].entries[0]: no signatures found}.
     */
    public String message() {
        // no image: the rule could not read the object's images (imageExtractors), so the message starts at the policy
        StringBuilder text = new StringBuilder(image.isEmpty() ? "" : "image " + image);
        digest.ifPresent(d -> text.append(" (").append(d).append(')'));
        text.append(image.isEmpty() ? "" : ": ");
        policy.ifPresent(p -> text.append("policy ").append(p.displayName()).append(", "));
        if (!rulePath.isEmpty()) {
            text.append(rulePath).append(": ");
        }
        return text.append(cause).toString();
    }
}

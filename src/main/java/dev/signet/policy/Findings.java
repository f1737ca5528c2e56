package dev.signet.policy;

import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns rule outcomes into the {@link ImageFinding}s a verdict weighs, and the digest pins of an allowed one. */
final class Findings {
    private final FailurePolicy defaultFailurePolicy;

    /** @param defaultFailurePolicy for an error no policy owns (an image that is no reference, an unreachable registry) */
    Findings(FailurePolicy defaultFailurePolicy) {
        this.defaultFailurePolicy = defaultFailurePolicy;
    }

    /**
     * An image Signet cannot verify (no reference, a local image ID) is a {@code fail} under every rule that applies
     * to the object: an enforcing one denies it, whatever the failure policy, since asking again cannot change the
     * answer. With no such rule a local image is out of scope, said so in the finding, and text that is no reference
     * is an error under the default failure policy.
     */
    List<ImageFinding> unverifiable(ImageCheck check) {
        List<ImageFinding> found = new ArrayList<>();
        for (CoveringRule covered : check.rules()) {
            ImageRule rule = covered.rule();
            found.add(new ImageFinding(check.written(), check.pointer(), Optional.empty(), RuleStatus.FAIL, Optional.of(covered.policy().id()),
                    rule.path(), check.problem(), covered.action(), covered.policy().failurePolicy(), false));
        }
        if (!found.isEmpty()) {
            return found;
        }
        if (check.isLocalImage()) {
            return List.of(new ImageFinding(check.written(), check.pointer(), Optional.empty(), RuleStatus.SKIP, Optional.empty(), "",
                    check.problem() + "; out of scope: no policy rule applies to this object", EnforcementAction.AUDIT, FailurePolicy.IGNORE, false));
        }
        return List.of(new ImageFinding(check.written(), check.pointer(), Optional.empty(), RuleStatus.ERROR, Optional.empty(), "",
                "not a valid image reference", EnforcementAction.ENFORCE, defaultFailurePolicy, false));
    }

    /**
     * An {@code error} of a rule whose {@code imageExtractors} could not read the object (a {@code *} over a string, a
     * {@code key} that is no string): as in Kyverno, the rule is error, weighed by its policy's failure policy.
     */
    static ImageFinding unreadable(CoveringRule covered, String cause) {
        return new ImageFinding("", "", Optional.empty(), RuleStatus.ERROR, Optional.of(covered.policy().id()), covered.rule().path(), cause,
                covered.action(), covered.policy().failurePolicy(), false);
    }

    ImageFinding uncovered(ImageCheck check) {
        return new ImageFinding(check.written(), check.pointer(), Optional.empty(), RuleStatus.SKIP, Optional.empty(), "",
                "no policy rule covers this image", EnforcementAction.AUDIT, FailurePolicy.IGNORE, false);
    }

    /** An {@code error} for every covering rule (or one under the default failure policy when none covers it). */
    List<ImageFinding> errors(ImageCheck check, String cause) {
        List<ImageFinding> errors = new ArrayList<>();
        for (CoveringRule covered : check.rules()) {
            errors.add(new ImageFinding(check.written(), check.pointer(), Optional.empty(), RuleStatus.ERROR, Optional.of(covered.policy().id()),
                    covered.rule().path(), cause, covered.action(), covered.policy().failurePolicy(), false));
        }
        if (errors.isEmpty()) {
            errors.add(new ImageFinding(check.written(), check.pointer(), Optional.empty(), RuleStatus.ERROR, Optional.empty(), "", cause,
                    EnforcementAction.ENFORCE, defaultFailurePolicy, false));
        }
        return errors;
    }

    /**
     * A tag-only image at the validating webhook under a rule that requires a digest: {@code fail}, enforced by the
     * rule's action whatever {@code required} says (as Kyverno's validate step does), and decided without resolving
     * the tag: what it points to now need not be what the kubelet pulls.
     */
    static ImageFinding unpinned(ImageCheck check, CoveringRule covered) {
        ImageRule rule = covered.rule();
        return new ImageFinding(check.written(), check.pointer(), Optional.empty(), RuleStatus.FAIL, Optional.of(covered.policy().id()), rule.path(),
                "the image is not pinned by digest (verifyDigest) and the mutating webhook did not pin it", covered.action(),
                covered.policy().failurePolicy(), false);
    }

    /**
     * The finding of one rule's outcome, with {@code verifyDigest} applied. {@code required: false} changes nothing
     * here: in Kyverno it only drops the validate step's check that the mutating webhook marked the image verified
     * (kyverno@111e07bb {@code pkg/engine/handlers/validation/validate_image.go}); a verification that fails still
     * blocks under Enforce ({@code BlockRequest} never reads it), and Signet verifies the signatures at both webhooks.
     */
    static ImageFinding of(ImageCheck check, ImageReference reference, Digest digest, CoveringRule covered, RuleOutcome outcome) {
        ImageRule rule = covered.rule();
        RuleStatus status = outcome.status();
        String cause = outcome.cause();
        String where = outcome.path().startsWith(rule.path() + ".") ? outcome.path().substring(rule.path().length() + 1) : outcome.path();
        boolean unpinned = rule.verifyDigest() && reference.digest().isEmpty() && !covered.pinsDigest();
        if (unpinned && status != RuleStatus.ERROR) {
            // whatever the signatures say: the digest that runs is not the one judged (Kyverno: "missing digest")
            status = RuleStatus.FAIL;
            cause = "the image is not pinned by digest (verifyDigest) and this rule does not pin it";
            where = "";
        }
        EnforcementAction action = covered.action();
        String rulePath = where.isEmpty() ? rule.path() : rule.path() + ", " + where;
        return new ImageFinding(check.written(), check.pointer(), Optional.of(digest), status, Optional.of(covered.policy().id()), rulePath,
                cause, action, covered.policy().failurePolicy(), covered.pinsDigest());
    }

    /**
     * A {@code fail} for every covering rule of an image whose digest is not sha256: cosign names a signature by the
     * sha256 digest of the manifest (tag {@code sha256-<hex>.sig}, a referrer of {@code sha256:<hex>}; a sha512 tag
     * would exceed the 128 characters a tag may have), so none can be found for it.
     */
    static List<ImageFinding> unsignable(ImageCheck check, ImageReference reference, Digest digest) {
        RuleOutcome outcome = RuleOutcome.fail("", "the image is identified by a " + digest.algorithm()
                + " digest, and cosign signatures name sha256 digests only; pin the image by its sha256 digest");
        return check.rules().stream().map(covered -> of(check, reference, digest, covered, outcome)).toList();
    }

    /** {@code repo:tag@sha256:..} for each tag-only image that an Enforce rule with mutateDigest verified. */
    static List<Verdict.JsonPatchOperation> pins(List<ImageCheck> checks, List<ImageFinding> findings) {
        List<Verdict.JsonPatchOperation> pins = new ArrayList<>();
        for (ImageCheck check : checks) {
            pinOf(check, findings).ifPresent(pinned -> check.pointers().stream().filter(pointer -> !pointer.isEmpty())
                    .forEach(pointer -> pins.add(new Verdict.JsonPatchOperation("replace", pointer, pinned))));
        }
        return pins;
    }

    /** Whether a verdict may pin the image: it names a tag only, in a field a patch can replace, under a rule that pins. */
    static boolean pinnable(ImageCheck check) {
        return check.tagOnly() && check.pointers().stream().anyMatch(pointer -> !pointer.isEmpty())
                && check.rules().stream().anyMatch(CoveringRule::pinsDigest);
    }

    /** Whether these findings of the image pin it to the digest they judged. */
    static boolean pinned(ImageCheck check, List<ImageFinding> findings) {
        return pinnable(check) && pinOf(check, findings).isPresent();
    }

    private static Optional<String> pinOf(ImageCheck check, List<ImageFinding> findings) {
        if (check.reference().isEmpty() || check.reference().get().digest().isPresent()) {
            return Optional.empty();
        }
        return findings.stream()
                .filter(finding -> finding.image().equals(check.written()) && finding.result() == RuleStatus.PASS && finding.pinsDigest())
                .flatMap(finding -> finding.digest().stream())
                .findFirst()
                .map(digest -> check.written() + "@" + digest);
    }
}

package dev.signet.policy;

import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One compiled {@code verifyImages} entry.
 *
 * @param index the rule's position in its policy, part of the verdict cache key
 * @param path where it is in the policy: {@code verifyImages[0]}, or {@code rules[1].verifyImages[0]} in Kyverno
 * @param action Enforce or Audit (Kyverno's rule-level {@code failureAction} overrides the policy's)
 * @param match the rule's own selection (Kyverno rules carry one; Signet's policies select at the policy level)
 * @param signatureRepository where signatures live when not beside the image (Kyverno's {@code repository})
 * @param unsupported set when the rule asks for something Signet cannot check (Notary, attestations): every image
 *     it matches is {@code error}, so an enforce policy fails closed instead of passing unchecked
 * @param notEvaluated the paths of fields in the rule (and its match/exclude) that Signet does not evaluate: unknown
 *     fields, and known ones it cannot check yet
 */
public record ImageRule(
        int index,
        String path,
        EnforcementAction action,
        Selection match,
        Selection exclude,
        List<ImagePattern> images,
        List<ImagePattern> skipImages,
        SignatureType type,
        boolean mutateDigest,
        boolean verifyDigest,
        boolean required,
        List<AttestorSet> attestors,
        Optional<Repository> signatureRepository,
        Optional<String> unsupported,
        List<String> notEvaluated) {

    public ImageRule {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(exclude, "exclude");
        images = List.copyOf(images);
        skipImages = List.copyOf(skipImages);
        Objects.requireNonNull(type, "type");
        attestors = List.copyOf(attestors);
        Objects.requireNonNull(signatureRepository, "signatureRepository");
        Objects.requireNonNull(unsupported, "unsupported");
        notEvaluated = List.copyOf(notEvaluated);
    }

    /** Whether the rule verifies this image: an {@code imageReferences} glob matches and no skip glob does. */
    public boolean covers(ImageReference image) {
        return images.stream().anyMatch(pattern -> pattern.matches(image))
                && skipImages.stream().noneMatch(pattern -> pattern.matches(image));
    }

    /** Whether the rule's own {@code match}/{@code exclude} select the object (what Signet cannot evaluate never narrows it). */
    public boolean selects(AdmissionSubject subject) {
        return Selection.selects(match, exclude, subject);
    }

    /** Whether an allowed verdict pins the image to the verified digest ({@code mutateDigest}, never under Audit). */
    public boolean pinsDigest() {
        return mutateDigest && action == EnforcementAction.ENFORCE;
    }
}

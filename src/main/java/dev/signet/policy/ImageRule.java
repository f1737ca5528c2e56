package dev.signet.policy;

import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One compiled {@code verifyImages} entry.
 *
 * @param index the rule's position in its policy, part of the verdict cache key
 * @param path where it is in the policy: {@code verifyImages[0]}, or {@code rules[1].verifyImages[0]} in Kyverno
 * @param action Enforce or Audit where no override holds (Kyverno's {@code failureAction} of the rule's entries wins
 *     over the policy's)
 * @param actionOverrides Kyverno's {@code validationFailureActionOverrides}, when the rule sets no action of its own
 * @param match the rule's own selection (Kyverno rules carry one; Signet's policies select at the policy level)
 * @param attestors the attestor sets that must have signed the image; empty when the rule checks attestations only
 * @param attestations the in-toto attestations the image must carry, each with its own attestors and conditions
 * @param signatureRepository where signatures live when not beside the image (Kyverno's {@code repository})
 * @param unsupported set when the rule asks for something Signet cannot check (Notary, policy languages): every image
 *     it matches is {@code error}, so an enforce policy fails closed instead of passing unchecked
 * @param notEvaluated the paths of fields in the rule (and its match/exclude) that Signet does not evaluate: unknown
 *     fields, and known ones it cannot check yet
 */
public record ImageRule(
        int index,
        String path,
        EnforcementAction action,
        List<ActionOverride> actionOverrides,
        Selection match,
        Selection exclude,
        List<ImagePattern> images,
        List<ImagePattern> skipImages,
        SignatureType type,
        boolean mutateDigest,
        boolean verifyDigest,
        boolean required,
        List<AttestorSet> attestors,
        List<AttestationRule> attestations,
        Optional<Repository> signatureRepository,
        Optional<String> unsupported,
        List<String> notEvaluated) {

    public ImageRule {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(action, "action");
        actionOverrides = List.copyOf(actionOverrides);
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(exclude, "exclude");
        images = List.copyOf(images);
        skipImages = List.copyOf(skipImages);
        Objects.requireNonNull(type, "type");
        attestors = List.copyOf(attestors);
        attestations = List.copyOf(attestations);
        Objects.requireNonNull(signatureRepository, "signatureRepository");
        Objects.requireNonNull(unsupported, "unsupported");
        notEvaluated = List.copyOf(notEvaluated);
    }

    /**
     * Whether the rule verifies this image: an {@code imageReferences} glob matches in any form the image could be
     * read in, and no skip glob matches what identifies it. The asymmetry is deliberate: a loose match can only add a
     * check, while a skip takes one away, so a skip for {@code app:dev} never skips {@code app:dev@sha256:<other>}.
     */
    public boolean covers(ImageReference image) {
        return images.stream().anyMatch(pattern -> pattern.matchesLoosely(image))
                && skipImages.stream().noneMatch(pattern -> pattern.matches(image));
    }

    /** Whether the rule's own {@code match}/{@code exclude} select the object (what Signet cannot evaluate never narrows it). */
    public boolean selects(AdmissionSubject subject) {
        return Selection.selects(match, exclude, subject);
    }

    /** The action for an object: the first {@code validationFailureActionOverrides} entry that holds, else {@link #action}. */
    public EnforcementAction actionFor(AdmissionSubject subject) {
        return ActionOverride.resolve(actionOverrides, action, subject);
    }

    /** The action where no namespace is known (the CI gate): Enforce when any override or the rule's own action enforces. */
    public EnforcementAction strictestAction() {
        return ActionOverride.strictest(actionOverrides, action);
    }

    /** The key references this rule's attestors and its attestations' name ({@code k8s://NS/NAME}, key names), once each. */
    public Set<String> keyRefs() {
        return leafAttestors().filter(KeyAttestor.class::isInstance).map(entry -> ((KeyAttestor) entry).source())
                .filter(KeySource.Reference.class::isInstance).map(source -> ((KeySource.Reference) source).keyRef())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * The trusted root references this rule's attestors and attestations' name, once each: keyless entries' roots
     * ({@code keyless.trustedRootRef}, a {@code ca-cert} Secret) and key entries' timestamp authorities.
     */
    public Set<String> trustedRootRefs() {
        return leafAttestors().flatMap(entry -> entry instanceof KeylessAttestor keyless ? Stream.of(keyless.root())
                : entry instanceof KeyAttestor key ? key.timestamps().stream() : Stream.empty())
                .filter(TrustedRootSource.Reference.class::isInstance).map(source -> ((TrustedRootSource.Reference) source).ref())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Every entry of the rule's attestor sets and of its attestations' sets, nested sets walked in place. */
    private Stream<Attestor> leafAttestors() {
        return Stream.concat(attestors.stream(), attestations.stream().flatMap(attestation -> attestation.attestors().stream()))
                .flatMap(AttestorSet::leaves);
    }

    /** Whether an allowed verdict pins the image to the verified digest ({@code mutateDigest}, never under Audit). */
    public boolean pinsDigest() {
        return pinsDigest(action);
    }

    boolean pinsDigest(EnforcementAction actionInForce) {
        return mutateDigest && actionInForce == EnforcementAction.ENFORCE;
    }
}

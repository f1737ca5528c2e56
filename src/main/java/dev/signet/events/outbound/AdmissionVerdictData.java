package dev.signet.events.outbound;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signet.policy.FailurePolicy;
import dev.signet.policy.ImageFinding;
import dev.signet.policy.Verdict;
import java.util.List;

/**
 * The data of {@code dev.signet.admission.allowed.v1} and {@code denied.v1} (events.md): one entry per image and
 * rule, the digest patch when allowed, the warnings, and a message naming each failing image, policy and rule.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AdmissionVerdictData(
        String uid,
        boolean allowed,
        List<ImageResult> images,
        List<Verdict.JsonPatchOperation> patch,
        List<String> warnings,
        String message,
        boolean dryRun) {

    /** One image's result under one rule. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageResult(String image, String digest, String result, String policy, String rule, String message) {

        public static ImageResult of(ImageFinding finding) {
            return new ImageResult(finding.image(), finding.digest().map(Object::toString).orElse(null), finding.result().wireName(),
                    finding.policy().map(policy -> policy.displayName()).orElse(null), finding.rulePath().isEmpty() ? null : finding.rulePath(),
                    finding.cause());
        }
    }

    public AdmissionVerdictData {
        images = images == null ? List.of() : List.copyOf(images);
        patch = patch == null ? List.of() : List.copyOf(patch);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public static AdmissionVerdictData of(String uid, Verdict verdict, boolean dryRun) {
        return new AdmissionVerdictData(uid, verdict.allowed(), verdict.findings().stream().map(ImageResult::of).toList(), verdict.patch(),
                verdict.warnings(), verdict.message(), dryRun);
    }

    /**
     * A verdict reached without evaluating (bad input, a timeout, an unreachable verifier): allowed with a warning, or
     * denied, by the failure policy. The adapter, the verifier function and the verifier all answer through here.
     */
    public static AdmissionVerdictData undecided(String uid, FailurePolicy failurePolicy, String cause, boolean dryRun) {
        String message = failurePolicy.undecided(cause);
        boolean allow = failurePolicy.allows();
        return new AdmissionVerdictData(uid, allow, List.of(), List.of(), allow ? List.of(message) : List.of(), message, dryRun);
    }
}

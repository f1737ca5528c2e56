package dev.signet.verification;

import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything attestation verification found for one image: the digest verified and one check per stored
 * attestation, in both layouts. {@link #outcome()} condenses it as cosign's verify-attestation would.
 */
public record AttestationResult(ImageReference image, Digest digest, String predicateType, List<AttestationCheck> checks) {

    /** The verdicts, with cosign's exit codes in mind (10 none found, 12 none verified, 1 none of the type). */
    public enum Outcome {
        VERIFIED,
        NO_ATTESTATIONS,
        NO_MATCHING_ATTESTATION,
        NO_MATCHING_PREDICATE_TYPE
    }

    public AttestationResult {
        checks = List.copyOf(checks);
    }

    public Outcome outcome() {
        if (checks.isEmpty()) {
            return Outcome.NO_ATTESTATIONS;
        }
        if (checks.stream().anyMatch(AttestationCheck::verified)) {
            return Outcome.VERIFIED;
        }
        return checks.stream().anyMatch(c -> c.status() == AttestationCheck.Status.WRONG_PREDICATE_TYPE)
                ? Outcome.NO_MATCHING_PREDICATE_TYPE : Outcome.NO_MATCHING_ATTESTATION;
    }

    public List<AttestationCheck> verified() {
        return checks.stream().filter(AttestationCheck::verified).toList();
    }

    /** One line naming the image digest and, when nothing verified, what each attestation failed on. */
    public String summary() {
        String subject = image.context() + "@" + digest;
        return switch (outcome()) {
            case VERIFIED -> subject + ": " + verified().size() + " of " + checks.size() + " attestations verified as " + predicateType;
            case NO_ATTESTATIONS -> subject + ": no attestations found";
            case NO_MATCHING_ATTESTATION, NO_MATCHING_PREDICATE_TYPE -> subject + ": none of " + checks.size()
                    + " attestations verified as " + predicateType + ": " + checks.stream()
                            .map(c -> c.status() + " (" + c.detail() + ")").distinct().limit(5).collect(Collectors.joining(", "));
        };
    }
}

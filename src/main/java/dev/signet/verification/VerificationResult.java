package dev.signet.verification;

import dev.signet.keys.VerificationKey;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything verification found for one image: the digest the reference resolved to and one check per stored
 * signature. {@link #outcome()} condenses it the way {@code cosign verify} reports it.
 */
public record VerificationResult(ImageReference image, Digest digest, List<SignatureCheck> checks) {

    /** cosign's verdicts, with its exit codes in mind (10 no signatures, 12 no match). */
    public enum Outcome {
        VERIFIED,
        NO_SIGNATURES,
        NO_MATCHING_SIGNATURE
    }

    public VerificationResult {
        checks = List.copyOf(checks);
    }

    public Outcome outcome() {
        if (checks.isEmpty()) {
            return Outcome.NO_SIGNATURES;
        }
        return checks.stream().anyMatch(SignatureCheck::verified) ? Outcome.VERIFIED : Outcome.NO_MATCHING_SIGNATURE;
    }

    /** The checks that verified. */
    public List<SignatureCheck> verified() {
        return checks.stream().filter(SignatureCheck::verified).toList();
    }

    /** The distinct keys with at least one verified signature: what N-of-M attestor counts are made of. */
    public Set<VerificationKey> verifyingKeys() {
        return checks.stream().filter(SignatureCheck::verified).flatMap(check -> check.key().stream()).collect(Collectors.toSet());
    }

    /** A one-line reason for a result that did not verify, naming the image digest and what was found. */
    public String summary() {
        String subject = image.context() + "@" + digest;
        return switch (outcome()) {
            case VERIFIED -> subject + ": " + verified().size() + " of " + checks.size() + " signatures verified";
            case NO_SIGNATURES -> subject + ": no signatures found";
            case NO_MATCHING_SIGNATURE -> subject + ": none of " + checks.size() + " signatures matched: "
                    + checks.stream().map(check -> check.status() + " (" + check.detail() + ")").distinct().limit(5)
                            .collect(Collectors.joining(", "));
        };
    }
}

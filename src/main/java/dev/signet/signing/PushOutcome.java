package dev.signet.signing;

import dev.signet.keys.VerificationKey;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the signer did with one push. A business outcome, never an exception: events.md maps SIGNED and
 * ALREADY_SIGNED to {@code image.signed}, SKIPPED to {@code image.signing.skipped} and FAILED to
 * {@code image.signing.failed}. Transient faults are exceptions instead, so the push is redelivered.
 *
 * <p>A FAILED outcome may still hold a {@code result}: the signature was stored and only the push attestation
 * after it failed for good.
 *
 * @param attestations the push attestations made sure of (none unless the rule asks for them)
 */
public record PushOutcome(
        PushedImage push,
        Kind kind,
        String reason,
        String message,
        Optional<SigningResult> result,
        Optional<VerificationKey> key,
        List<StoredSignature> attestations) {

    /** The four outcomes. */
    public enum Kind {
        SIGNED,
        ALREADY_SIGNED,
        SKIPPED,
        FAILED
    }

    public PushOutcome {
        Objects.requireNonNull(push, "push");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(key, "key");
        attestations = List.copyOf(attestations);
    }

    static PushOutcome skipped(PushedImage push, String reason, String message) {
        return new PushOutcome(push, Kind.SKIPPED, reason, message, Optional.empty(), Optional.empty(), List.of());
    }

    static PushOutcome failed(PushedImage push, String reason, String message) {
        return new PushOutcome(push, Kind.FAILED, reason, message, Optional.empty(), Optional.empty(), List.of());
    }

    /** Signed (or already signed); {@code attestations} are the push attestations, when the rule asks for them. */
    static PushOutcome signed(PushedImage push, SigningResult result, VerificationKey key, List<StoredSignature> attestations) {
        Kind kind = result.createdAny() ? Kind.SIGNED : Kind.ALREADY_SIGNED;
        return new PushOutcome(push, kind, kind.name().toLowerCase(Locale.ROOT),
                (result.createdAny() ? "signed " : "already signed ") + push.subject(), Optional.of(result), Optional.of(key), attestations);
    }

    /** The signature is stored, but its push attestation failed for a reason redelivery would not cure. */
    static PushOutcome attestationFailed(PushedImage push, SigningResult result, VerificationKey key, String message) {
        return new PushOutcome(push, Kind.FAILED, "push-attestation-failed", message, Optional.of(result), Optional.of(key), List.of());
    }
}

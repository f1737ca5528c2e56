package dev.signet.signing;

import dev.signet.keys.VerificationKey;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the signer did with one push. A business outcome, never an exception: events.md maps SIGNED and
 * ALREADY_SIGNED to {@code image.signed}, SKIPPED to {@code image.signing.skipped} and FAILED to
 * {@code image.signing.failed}. Transient faults are exceptions instead, so the push is redelivered.
 */
public record PushOutcome(
        PushedImage push,
        Kind kind,
        String reason,
        String message,
        Optional<SigningResult> result,
        Optional<VerificationKey> key) {

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
    }

    static PushOutcome skipped(PushedImage push, String reason, String message) {
        return new PushOutcome(push, Kind.SKIPPED, reason, message, Optional.empty(), Optional.empty());
    }

    static PushOutcome failed(PushedImage push, String reason, String message) {
        return new PushOutcome(push, Kind.FAILED, reason, message, Optional.empty(), Optional.empty());
    }

    static PushOutcome signed(PushedImage push, SigningResult result, VerificationKey key) {
        Kind kind = result.createdAny() ? Kind.SIGNED : Kind.ALREADY_SIGNED;
        return new PushOutcome(push, kind, kind.name().toLowerCase(Locale.ROOT),
                (result.createdAny() ? "signed " : "already signed ") + push.subject(), Optional.of(result), Optional.of(key));
    }
}

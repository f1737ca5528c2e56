package dev.signet.events;

import dev.signet.events.outbound.SignedEventData;
import dev.signet.events.outbound.SigningFailedEventData;
import dev.signet.events.outbound.SigningSkippedEventData;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.PushOutcome;
import dev.signet.signing.StoredSignature;
import io.quarkus.funqy.knative.events.CloudEvent;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Builds the signer's reply CloudEvents (events.md "Outputs"): type by outcome, {@code source} the function's URI,
 * {@code subject} {@code registry/repository@digest}, {@code causationid} the input's id, {@code correlationid} the
 * input's (or the input id, starting a chain).
 */
final class SigningReplies {
    private final String source;
    private final Clock clock;

    SigningReplies(String source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    CloudEvent<Object> of(CloudEvent<?> cause, PushOutcome outcome) {
        String image = outcome.push().image().context().toString();
        String digest = outcome.push().digest().toString();
        return switch (outcome.kind()) {
            case SIGNED, ALREADY_SIGNED -> event(cause, EventTypes.IMAGE_SIGNED, outcome.push().subject(), signed(outcome, image, digest));
            case SKIPPED -> event(cause, EventTypes.IMAGE_SIGNING_SKIPPED, outcome.push().subject(),
                    new SigningSkippedEventData(image, digest, outcome.reason()));
            case FAILED -> event(cause, EventTypes.IMAGE_SIGNING_FAILED, outcome.push().subject(),
                    new SigningFailedEventData(image, digest, outcome.reason(), outcome.message()));
        };
    }

    /** The reply to an event whose data could not be read at all: a failure without a known image. */
    CloudEvent<Object> invalid(CloudEvent<?> cause, String message) {
        return event(cause, EventTypes.IMAGE_SIGNING_FAILED, cause.subject(), new SigningFailedEventData(null, null, "invalid-event", message));
    }

    private SignedEventData signed(PushOutcome outcome, String image, String digest) {
        List<StoredSignature> stored = outcome.result().orElseThrow().signatures();
        boolean legacy = stored.stream().anyMatch(s -> s.layout() == SignatureLayout.LEGACY);
        boolean bundle = stored.stream().anyMatch(s -> s.layout() == SignatureLayout.BUNDLE);
        String format = legacy && bundle ? "both" : legacy ? "legacy" : "bundle";
        var key = outcome.key().orElseThrow();
        return new SignedEventData(image, digest, stored.get(0).location(), format, key.hint(), key.algorithm().name(),
                OffsetDateTime.now(clock).toString(), outcome.kind() == PushOutcome.Kind.ALREADY_SIGNED);
    }

    private CloudEvent<Object> event(CloudEvent<?> cause, String type, String subject, Object data) {
        return Replies.reply(source, clock, cause.id(), cause.extensions(), type, subject, data, Map.of());
    }
}

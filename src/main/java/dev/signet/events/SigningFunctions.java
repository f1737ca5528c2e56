package dev.signet.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.signing.PushOutcome;
import dev.signet.signing.PushSigner;
import dev.signet.signing.PushedImage;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The signer functions (Funqy on Knative): every push event type events.md lists is signed through
 * {@link PushSigner} and answered with {@code image.signed}, {@code image.signing.skipped} or
 * {@code image.signing.failed} (HTTP 200). A transient fault is rethrown, so Funqy answers 500 and Knative
 * redelivers; signing is idempotent, so redelivery is safe.
 */
public class SigningFunctions {
    private static final Logger LOG = Logger.getLogger(SigningFunctions.class);
    // a reply carries one event: the most telling outcome of a multi-artifact push wins
    private static final Comparator<PushOutcome> MOST_TELLING = Comparator.comparingInt(outcome -> switch (outcome.kind()) {
        case FAILED -> 0;
        case SIGNED -> 1;
        case ALREADY_SIGNED -> 2;
        case SKIPPED -> 3;
    });

    private final PushSigner signer;
    private final SigningReplies replies;
    private final SigningMetrics metrics;
    private final Clock clock;
    private final Event<SignatureStored> stored;

    public SigningFunctions(PushSigner signer, SigningMetrics metrics, Clock clock, Event<SignatureStored> stored,
            @ConfigProperty(name = "signet.events.source", defaultValue = "/signet/signer") String source) {
        this.signer = signer;
        this.stored = stored;
        this.metrics = metrics;
        this.clock = clock;
        this.replies = new SigningReplies(source, clock);
    }

    @Funq
    @CloudEventMapping(trigger = EventTypes.IMAGE_PUSHED)
    public CloudEvent<Object> signPushedImage(CloudEvent<ImagePushedData> event) {
        return handle(event, () -> List.of(PushEvents.fromSignet(PushEvents.data(event), event.id())));
    }

    @Funq
    @CloudEventMapping(trigger = EventTypes.HARBOR_ARTIFACT_PUSHED)
    public CloudEvent<Object> signHarborArtifact(CloudEvent<JsonNode> event) {
        return handle(event, () -> PushEvents.fromHarbor(PushEvents.data(event), event.id()).stream()
                .map(push -> push.withClaims(PushEvents.harborClaims(event))).toList());
    }

    @Funq
    @CloudEventMapping(trigger = EventTypes.CDEVENTS_ARTIFACT_PUBLISHED_020)
    public CloudEvent<Object> signCdEventArtifact020(CloudEvent<JsonNode> event) {
        return handle(event, () -> List.of(PushEvents.fromCdEvent(PushEvents.data(event), event.id())));
    }

    @Funq
    @CloudEventMapping(trigger = EventTypes.CDEVENTS_ARTIFACT_PUBLISHED_030)
    public CloudEvent<Object> signCdEventArtifact030(CloudEvent<JsonNode> event) {
        return handle(event, () -> List.of(PushEvents.fromCdEvent(PushEvents.data(event), event.id())));
    }

    private CloudEvent<Object> handle(CloudEvent<?> event, Supplier<List<PushedImage>> pushes) {
        metrics.received();
        List<PushedImage> parsed;
        try {
            parsed = pushes.get();
        } catch (InvalidEventException e) {
            return replies.invalid(event, e.getMessage());
        }
        List<PushOutcome> outcomes = new ArrayList<>(parsed.size());
        for (PushedImage push : parsed) {
            long start = clock.millis();
            try {
                PushOutcome outcome = signer.handle(push);
                metrics.outcome(outcome, Duration.ofMillis(clock.millis() - start));
                if (outcome.result().isPresent()) { // signed, or signed with its push attestation failed after
                    stored.fireAsync(new SignatureStored(push.image())); // admission in this process pre-warms its verdict cache
                }
                outcomes.add(outcome);
            } catch (SignetException e) {
                LOG.warnf("event %s (%s): %s; answering 500 so it is redelivered", event.id(), event.type(), e.getMessage());
                throw e;
            }
        }
        return replies.of(event, outcomes.stream().min(MOST_TELLING).orElseThrow());
    }
}

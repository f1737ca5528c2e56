package dev.signet.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.events.EventTypes;
import dev.signet.events.outbound.AdmissionVerdictData;
import dev.signet.events.outbound.ImageVerificationData;
import dev.signet.policy.Verdict;
import dev.signet.reference.ImageReference;
import dev.signet.reference.InvalidReferenceException;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The verifier functions (Funqy on Knative; events.md). A verdict is a business outcome, answered with HTTP 200 in
 * every case, malformed requests included (they are denied under Fail, with the reason): the broker has nothing to
 * retry. Dry-run requests get their verdict, marked {@code dryrun=true}.
 */
public class VerificationFunctions {
    private static final Logger LOG = Logger.getLogger(VerificationFunctions.class);

    private final AdmissionVerifier verifier;
    private final VerdictEvents events;

    public VerificationFunctions(AdmissionVerifier verifier, VerdictEvents events) {
        this.verifier = verifier;
        this.events = events;
    }

    @Funq
    @CloudEventMapping(trigger = EventTypes.ADMISSION_REQUESTED)
    public CloudEvent<AdmissionVerdictData> admissionRequested(CloudEvent<JsonNode> event) {
        AdmissionVerdictData verdict;
        String subject = event.subject();
        try {
            AdmissionRequested request = AdmissionRequested.parse(data(event), "admission.requested event " + SignetException.quote(event.id()));
            subject = request.subject();
            verdict = verifier.decide(request, verifier.settings().verifierBudget());
        } catch (InvalidAdmissionException e) {
            LOG.warnf("%s", e.getMessage());
            JsonNode data = readable(event);
            String uid = data == null ? "" : data.path("uid").asText("");
            verdict = AdmissionVerdictData.undecided(uid, verifier.settings().failurePolicy(), e.getMessage(), false);
        }
        return events.reply(event.id(), event.extensions(), VerdictEvents.typeOf(verdict), subject, verdict, VerdictEvents.admissionExtensions(verdict));
    }

    @Funq
    @CloudEventMapping(trigger = EventTypes.IMAGE_VERIFICATION_REQUESTED)
    public CloudEvent<ImageVerificationData> imageVerificationRequested(CloudEvent<JsonNode> event) {
        JsonNode data = readable(event);
        String image = data == null ? "" : data.path("image").asText("");
        Optional<String> policy = Optional.ofNullable(data == null ? null : data.path("policy").textValue()).filter(name -> !name.isEmpty());
        if (image.isEmpty()) {
            String message = "read image.verification.requested event " + SignetException.quote(event.id()) + ": data.image is missing";
            return events.reply(event.id(), event.extensions(), EventTypes.IMAGE_VERIFICATION_FAILED, event.subject(),
                    new ImageVerificationData(null, false, List.of(), List.of(), message), Map.of());
        }
        Verdict verdict = verifier.verifyImage(image, policy, verifier.settings().verifierBudget());
        boolean verified = verdict.verified();
        String message = verified ? verdict.message()
                : verdict.allowed() ? "not verified: no policy rule covers " + image + policy.map(name -> " (policy " + name + ")").orElse("") : verdict.message();
        ImageVerificationData reply = new ImageVerificationData(image, verified,
                verdict.findings().stream().map(AdmissionVerdictData.ImageResult::of).toList(), verdict.warnings(), message);
        String subject = verdict.findings().stream().flatMap(finding -> finding.digest().stream()).findFirst()
                .map(digest -> subjectOf(image, digest.toString())).orElse(event.subject());
        return events.reply(event.id(), event.extensions(), verified ? EventTypes.IMAGE_VERIFIED : EventTypes.IMAGE_VERIFICATION_FAILED, subject, reply, Map.of());
    }

    /**
     * Pre-warms the verdict cache when a signature is stored (Trigger on {@code image.signed}), so the first
     * admission of a fresh image is a cache hit. Nothing to reply.
     */
    @Funq
    @CloudEventMapping(trigger = EventTypes.IMAGE_SIGNED)
    public void imageSigned(CloudEvent<JsonNode> event) {
        JsonNode data = readable(event);
        String image = data == null ? "" : data.path("image").asText("");
        String digest = data == null ? "" : data.path("digest").asText("");
        try {
            verifier.prewarm(ImageReference.parse(image + "@" + digest));
        } catch (InvalidReferenceException e) {
            LOG.warnf("pre-warm from image.signed event %s: %s", SignetException.quote(event.id()), e.getMessage());
        }
    }

    /**
     * The event's data. Funqy binds binary-mode data lazily and throws Jackson's failure (or a bare RuntimeException
     * for a content type it cannot read): the producer's mistake, answered with a verdict, not a 500 redelivered forever.
     */
    private static JsonNode data(CloudEvent<JsonNode> event) {
        try {
            return event.data();
        } catch (RuntimeException e) {
            throw new InvalidAdmissionException("event " + SignetException.quote(event.id()), "data of content type "
                    + SignetException.quote(String.valueOf(event.dataContentType())) + " cannot be read");
        }
    }

    /** The data, or null when it cannot be read. */
    private static JsonNode readable(CloudEvent<JsonNode> event) {
        try {
            return event.data();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String subjectOf(String image, String digest) {
        try {
            return ImageReference.parse(image).context() + "@" + digest;
        } catch (InvalidReferenceException e) {
            return null;
        }
    }
}

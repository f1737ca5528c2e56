package dev.signet.events;

import dev.signet.events.EventTypes;
import dev.signet.events.outbound.AdmissionVerdictData;
import io.quarkus.funqy.knative.events.CloudEvent;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the verifier's CloudEvents (events.md): {@code admission.allowed}/{@code denied} with extensions
 * {@code admissionuid} and {@code dryrun}, {@code causationid} the request's id and {@code correlationid} carried
 * over (or started).
 */
public final class VerdictEvents {
    /** Extension naming the AdmissionReview uid (admission.md). */
    public static final String ADMISSION_UID = "admissionuid";
    /** Extension marking a dry-run verdict. */
    public static final String DRY_RUN = "dryrun";

    private final String source;
    private final Clock clock;

    public VerdictEvents(String source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    public String source() {
        return source;
    }

    public static String typeOf(AdmissionVerdictData verdict) {
        return verdict.allowed() ? EventTypes.ADMISSION_ALLOWED : EventTypes.ADMISSION_DENIED;
    }

    <T> CloudEvent<T> reply(String causeId, Map<String, String> causeExtensions, String type, String subject, T data, Map<String, String> more) {
        return Replies.reply(source, clock, causeId, causeExtensions, type, subject, data, more);
    }

    static Map<String, String> admissionExtensions(AdmissionVerdictData verdict) {
        Map<String, String> extensions = new HashMap<>();
        if (verdict.uid() != null && !verdict.uid().isEmpty()) {
            extensions.put(ADMISSION_UID, verdict.uid());
        }
        extensions.put(DRY_RUN, Boolean.toString(verdict.dryRun()));
        return extensions;
    }
}

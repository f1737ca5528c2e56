package dev.signet.admission;

import dev.signet.events.AdmissionRequested;
import dev.signet.events.EventTypes;
import dev.signet.events.SinkToken;
import dev.signet.events.VerdictEvents;
import dev.signet.events.outbound.AdmissionVerdictData;
import dev.signet.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Sends the adapter's verdict events to the Knative sink ({@code K_SINK}) in binary mode, asynchronously: the
 * API server's answer never waits for the audit trail. A refused or failed send is logged and counted; the verdict
 * itself is unaffected. Without a sink, nothing is sent.
 */
public final class VerdictSink {
    private static final Logger LOG = Logger.getLogger(VerdictSink.class);

    private final HttpClient http;
    private final URI sink;
    private final String source;
    private final SinkToken token;
    private final AtomicLong failures = new AtomicLong();

    public VerdictSink(HttpClient http, URI sink, String source) {
        this(http, sink, source, SinkToken.none());
    }

    /** {@code token}: the SinkBinding's OIDC token, presented to the broker when it exists. */
    public VerdictSink(HttpClient http, URI sink, String source, SinkToken token) {
        this.http = http;
        this.sink = sink;
        this.source = source;
        this.token = token;
    }

    /** Whether a sink is configured. */
    public boolean enabled() {
        return sink != null;
    }

    public long failures() {
        return failures.get();
    }

    /** Sends the verdict event for a request; dry-run requests are never published (sideEffects NoneOnDryRun). */
    public void publish(AdmissionRequested request, AdmissionVerdictData verdict, String correlationId) {
        if (sink == null || request.dryRun()) {
            return;
        }
        HttpRequest.Builder post = HttpRequest.newBuilder(sink)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", VerdictEvents.typeOf(verdict))
                .header("ce-source", source)
                .header("ce-subject", request.subject())
                .header("ce-time", OffsetDateTime.now().toString())
                .header("ce-" + EventTypes.CORRELATION_ID, correlationId)
                .header("ce-" + VerdictEvents.ADMISSION_UID, request.uid())
                .header("ce-" + VerdictEvents.DRY_RUN, "false")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(verdict)));
        token.authorization().ifPresent(bearer -> post.header("Authorization", bearer));
        http.sendAsync(post.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() >= 300) {
                failures.incrementAndGet();
                LOG.warnf("send %s for admission %s: the event sink %s %s", VerdictEvents.typeOf(verdict), request.uid(), sink.getHost(),
                        failure != null ? "could not be reached (" + failure.getClass().getSimpleName() + ")" : "answered HTTP " + response.statusCode());
            }
        });
    }
}

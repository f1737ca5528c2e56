package dev.signet.events.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.Reason;
import dev.signet.SignetException;
import dev.signet.events.EventTypes;
import dev.signet.events.ImagePushedData;
import dev.signet.events.SinkToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Sends accepted pushes as binary-mode {@code dev.signet.image.pushed.v1} CloudEvents to the Knative sink
 * ({@code K_SINK}, normally the broker), which delivers them to the signer with its own retries and dead-letter
 * sink. Sending is synchronous: the broker answers in milliseconds, and only once it has accepted every event may
 * the registry get its 202. A refused send is a transient failure, so the ingest answers 503 and the registry
 * delivers the notification again: nothing is lost between the registry and the broker.
 */
public final class KnativePushSink implements PushSink {
    private final HttpClient http;
    private final ObjectMapper json;
    private final URI sink;
    private final String source;
    private final SinkToken token;

    public KnativePushSink(HttpClient http, ObjectMapper json, URI sink, String source) {
        this(http, json, sink, source, SinkToken.none());
    }

    /** {@code token}: the SinkBinding's OIDC token, presented to the broker when it exists. */
    public KnativePushSink(HttpClient http, ObjectMapper json, URI sink, String source, SinkToken token) {
        this.http = http;
        this.json = json;
        this.sink = sink;
        this.source = source;
        this.token = token;
    }

    @Override
    public void accept(List<ImagePushedData> pushes, String correlationId) {
        for (ImagePushedData push : pushes) {
            HttpRequest.Builder request = HttpRequest.newBuilder(sink)
                    .timeout(Duration.ofSeconds(3))
                    .header("Content-Type", "application/json")
                    .header("ce-specversion", "1.0")
                    .header("ce-id", UUID.randomUUID().toString())
                    .header("ce-type", EventTypes.IMAGE_PUSHED)
                    .header("ce-source", source)
                    .header("ce-subject", push.subject())
                    .header("ce-time", OffsetDateTime.now().toString())
                    .header("ce-" + EventTypes.CORRELATION_ID, correlationId)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body(push)));
            token.authorization().ifPresent(bearer -> request.header("Authorization", bearer));
            int status;
            try {
                status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                throw new SinkUnavailableException(push.subject(), sink, "could not be reached (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SinkUnavailableException(push.subject(), sink, "was interrupted");
            }
            if (status >= 300) {
                throw new SinkUnavailableException(push.subject(), sink, "answered HTTP " + status);
            }
        }
    }

    /** The broker refused or did not answer: transient, so the registry redelivers. */
    static final class SinkUnavailableException extends SignetException {
        SinkUnavailableException(String subject, URI sink, String cause) {
            super(Reason.EVENT_SINK_UNAVAILABLE, "send image.pushed for", subject,
                    "the event sink " + sink.getHost() + " " + cause, "the registry will deliver the notification again", null);
        }
    }

    private byte[] body(ImagePushedData push) {
        try {
            return json.writeValueAsBytes(push);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise image.pushed data", e);
        }
    }
}

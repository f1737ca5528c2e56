package dev.signet.events.ingest;

import dev.signet.events.EventTypes;
import dev.signet.events.ImagePushedData;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends accepted pushes as binary-mode {@code dev.signet.image.pushed.v1} CloudEvents to the Knative sink
 * ({@code K_SINK}, normally the broker), which delivers them to the signer with its own retries and dead-letter
 * sink. Sending is asynchronous so the registry's webhook gets its 202 at once; a refused send is logged with the
 * subject, since the broker is the component that must not lose events.
 */
public final class KnativePushSink implements PushSink {
    private static final Logger LOG = Logger.getLogger(KnativePushSink.class);

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI sink;
    private final String source;

    public KnativePushSink(HttpClient http, ObjectMapper json, URI sink, String source) {
        this.http = http;
        this.json = json;
        this.sink = sink;
        this.source = source;
    }

    @Override
    public void accept(List<ImagePushedData> pushes, String correlationId) {
        for (ImagePushedData push : pushes) {
            HttpRequest request = HttpRequest.newBuilder(sink)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("ce-specversion", "1.0")
                    .header("ce-id", UUID.randomUUID().toString())
                    .header("ce-type", EventTypes.IMAGE_PUSHED)
                    .header("ce-source", source)
                    .header("ce-subject", push.subject())
                    .header("ce-time", OffsetDateTime.now().toString())
                    .header("ce-" + EventTypes.CORRELATION_ID, correlationId)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body(push)))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null || response.statusCode() >= 300) {
                    LOG.errorf("send %s to the event sink: %s", push.subject(),
                            failure != null ? failure.getClass().getSimpleName() : "HTTP " + response.statusCode());
                }
            });
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

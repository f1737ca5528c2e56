package dev.signet.events;

import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one way Signet's functions reply (events.md): a fresh id, the function's {@code source}, the time,
 * {@code causationid} the input's id and {@code correlationid} carried over from the input (or started with its id),
 * and a {@code subject} only when there is one (CloudEvents forbids an empty one).
 */
final class Replies {

    private Replies() {
    }

    static <T> CloudEvent<T> reply(String source, Clock clock, String causeId, Map<String, String> causeExtensions, String type, String subject,
            T data, Map<String, String> more) {
        Map<String, String> extensions = new HashMap<>(more);
        extensions.put(EventTypes.CAUSATION_ID, causeId);
        String correlation = causeExtensions == null ? null : causeExtensions.get(EventTypes.CORRELATION_ID);
        extensions.put(EventTypes.CORRELATION_ID, correlation == null || correlation.isEmpty() ? causeId : correlation);
        CloudEventBuilder builder = CloudEventBuilder.create()
                .id(UUID.randomUUID().toString())
                .type(type)
                .source(source)
                .time(OffsetDateTime.now(clock))
                .extensions(extensions);
        if (subject != null && !subject.isEmpty()) {
            builder.subject(subject);
        }
        return builder.build(data);
    }
}

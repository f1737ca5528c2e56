package dev.signet.events.ingest;

import dev.signet.SignetException;
import dev.signet.events.EventTypes;
import dev.signet.events.ImagePushedData;
import dev.signet.events.SigningFunctions;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The embedded default: pushes go straight to the signer function in this process, as the same
 * {@code image.pushed} CloudEvents Knative would deliver. Without a broker to redeliver, a transient failure is
 * retried here with exponential backoff (1 s doubling, capped at 5 min, 12 attempts: about half an hour), so a
 * registry outage delays signatures rather than losing them.
 */
public final class InProcessPushSink implements PushSink {
    private static final Logger LOG = Logger.getLogger(InProcessPushSink.class);
    static final int MAX_ATTEMPTS = 12;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final SigningFunctions functions;
    private final ScheduledExecutorService executor;
    private final String source;

    public InProcessPushSink(SigningFunctions functions, ScheduledExecutorService executor, String source) {
        this.functions = functions;
        this.executor = executor;
        this.source = source;
    }

    @Override
    public void accept(List<ImagePushedData> pushes, String correlationId) {
        for (ImagePushedData push : pushes) {
            CloudEvent<ImagePushedData> event = CloudEventBuilder.create()
                    .id(UUID.randomUUID().toString())
                    .type(EventTypes.IMAGE_PUSHED)
                    .source(source)
                    .subject(push.subject())
                    .extensions(Map.of(EventTypes.CORRELATION_ID, correlationId))
                    .build(push);
            executor.execute(() -> deliver(event, 1));
        }
    }

    private void deliver(CloudEvent<ImagePushedData> event, int attempt) {
        try {
            CloudEvent<Object> reply = functions.signPushedImage(event);
            LOG.infof("%s %s", reply.type(), reply.subject());
        } catch (SignetException e) {
            if (!e.isTransient() || attempt >= MAX_ATTEMPTS) {
                LOG.errorf("giving up on %s after %d attempts: %s", event.subject(), attempt, e.getMessage());
                return;
            }
            long delay = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << (attempt - 1));
            executor.schedule(() -> deliver(event, attempt + 1), delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.errorf(e, "signing %s failed unexpectedly", event.subject());
        }
    }
}

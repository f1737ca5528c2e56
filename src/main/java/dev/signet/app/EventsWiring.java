package dev.signet.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.events.SigningFunctions;
import dev.signet.events.SinkToken;
import dev.signet.events.ingest.InProcessPushSink;
import dev.signet.events.ingest.KnativePushSink;
import dev.signet.events.ingest.PushSink;
import dev.signet.events.ingest.TagResolver;
import dev.signet.http.SenderCheck;
import dev.signet.http.SinkTrust;
import dev.signet.http.TokenReviewer;
import dev.signet.kube.KubeTokenReviewer;
import dev.signet.registry.RegistryClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Chooses where ingested pushes go: the Knative sink when {@code signet.events.sink} (K_SINK) is set, else the
 * signer in this process.
 */
@ApplicationScoped
public class EventsWiring {

    @Produces
    @ApplicationScoped
    @Named("signing")
    ScheduledExecutorService signingExecutor() {
        // signing waits on registry round trips far more than on the CPU (one ECDSA signature is ~0.6 ms), so more
        // threads than cores; pushes of one digest are still serialised by PushSigner
        return Executors.newScheduledThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "signet-signing");
            thread.setDaemon(true);
            return thread;
        });
    }

    void shutdown(@Disposes @Named("signing") ScheduledExecutorService executor) {
        executor.shutdownNow();
    }

    @Produces
    @ApplicationScoped
    PushSink pushSink(EventsConfig config, SigningFunctions functions, @Named("signing") ScheduledExecutorService executor, ObjectMapper json) {
        if (config.sink().isPresent()) {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            SinkTrust.of(config.sinkCaCerts()).ifPresent(builder::sslContext);
            HttpClient http = builder.build();
            return new KnativePushSink(http, json, URI.create(config.sink().get()), config.source(),
                    SinkToken.file(Path.of(config.sinkTokenFile())));
        }
        return new InProcessPushSink(functions, executor, config.source());
    }

    /**
     * Who may post CloudEvents to the functions (EventsConfig.Senders): open unless required, and then asked of the
     * API server only when some sender is allowed (the adapter allows none, so it needs no TokenReview grant).
     */
    @Produces
    @ApplicationScoped
    SenderCheck senderCheck(EventsConfig config, Instance<KubernetesClient> kubernetes) {
        EventsConfig.Senders senders = config.senders();
        if (!senders.required()) {
            return SenderCheck.open();
        }
        List<String> allowed = senders.allowed().orElse(List.of());
        TokenReviewer reviewer = allowed.isEmpty()
                ? (token, audience) -> TokenReviewer.Review.refused("no sender is allowed")
                : new KubeTokenReviewer(kubernetes.get());
        return SenderCheck.required(senders.audience(), allowed, reviewer, Clock.systemUTC());
    }

    /** Quay and Docker Hub report tags without digests: one manifest HEAD resolves each. */
    @Produces
    @ApplicationScoped
    TagResolver tagResolver(RegistryClient registry) {
        return tagged -> registry.headManifest(tagged).map(found -> new TagResolver.ResolvedTag(found.digest(), found.mediaType()));
    }
}

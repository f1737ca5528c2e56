package dev.signet.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.List;
import java.util.Optional;

/** {@code signet.events.*}: the CloudEvents Signet emits. */
@ConfigMapping(prefix = "signet.events")
public interface EventsConfig {

    /** The {@code source} attribute of events Signet produces: the function's URI. */
    @WithDefault("/signet/signer")
    String source();

    /**
     * Where ingest sends {@code image.pushed} events; Knative's SinkBinding injects {@code K_SINK}. Empty: the
     * pushes are signed in-process (the embedded default).
     */
    @WithName("sink")
    Optional<String> sink();

    /**
     * The sink's CA certificates (PEM) when its address is {@code https} with a cluster CA: Knative's SinkBinding
     * injects {@code K_CA_CERTS} under transport encryption. Trusted besides the JDK's roots.
     */
    @WithName("sink-ca-certs")
    Optional<String> sinkCaCerts();

    /**
     * The OIDC token presented to the sink when this file exists: where a Knative SinkBinding mounts it when
     * Eventing's sender identity ({@code authentication-oidc}) is on.
     */
    @WithName("sink-token-file")
    @WithDefault("/oidc/token")
    String sinkTokenFile();

    /** {@code signet.events.senders.*}: who may post CloudEvents to the functions. */
    Senders senders();

    /**
     * Sender identity for the functions' endpoints (every path but {@code /q/}, {@code /ingest/} and
     * {@code /admission/}): Knative Eventing's OIDC tokens, checked with a TokenReview (http.SenderCheck).
     */
    interface Senders {
        /** The production profile's setting: an event without an allowed sender's token is refused, never run. */
        @WithDefault("false")
        boolean required();

        /** The audience the Triggers' {@code subscriber.audience} names for this Service. */
        @WithDefault("signet")
        String audience();

        /** Usernames, or prefixes ending in {@code *}; none: every CloudEvent is refused (the admission adapter). */
        Optional<List<String>> allowed();
    }
}

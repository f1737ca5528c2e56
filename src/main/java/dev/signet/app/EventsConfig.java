package dev.signet.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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
    @io.smallrye.config.WithName("sink")
    Optional<String> sink();

    /**
     * The OIDC token presented to the sink when this file exists: where a Knative SinkBinding mounts it when
     * Eventing's sender identity ({@code authentication-oidc}) is on.
     */
    @io.smallrye.config.WithName("sink-token-file")
    @WithDefault("/oidc/token")
    String sinkTokenFile();
}

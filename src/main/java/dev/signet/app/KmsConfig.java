package dev.signet.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code signet.kms.*}: how KMS public keys are fetched and kept. Credentials are not configuration: they come from
 * the environment cosign's providers read ({@code AWS_*}, {@code VAULT_*}, the GCE/GKE metadata server), so a pod set
 * up for policy-controller or cosign works unchanged ({@link KmsWiring}).
 */
@ConfigMapping(prefix = "signet.kms")
public interface KmsConfig {

    /** How old a fetched key may get before it is fetched again, in the background (the last key stays in use meanwhile). */
    @WithDefault("10m")
    Duration refresh();

    /** How long a failed first fetch is answered from memory before the KMS is asked again. */
    @WithDefault("30s")
    Duration retry();

    /** Per request: connecting and the answer's headers (the body gets as long again). */
    @WithDefault("5s")
    Duration timeout();

    /** AWS KMS. */
    Aws aws();

    /** Google Cloud KMS. */
    Gcp gcp();

    /** HashiCorp Vault transit. */
    Vault vault();

    /** AWS KMS endpoints. */
    interface Aws {
        /**
         * Endpoints besides AWS's own hosts ({@code *.amazonaws.com}) that {@code awskms://ENDPOINT/...} references may
         * name, as {@code host} or {@code host:port} (a LocalStack, a proxy); none by default.
         */
        Optional<List<String>> endpoints();
    }

    /** Google Cloud KMS endpoints. */
    interface Gcp {
        /** The Cloud KMS REST endpoint. */
        @WithDefault("https://cloudkms.googleapis.com")
        String endpoint();

        /** The metadata server's host[:port]; default {@code GCE_METADATA_HOST}, else {@code metadata.google.internal}. */
        @WithName("metadata-host")
        Optional<String> metadataHost();
    }

    /** Vault transit. */
    interface Vault {
        /** The transit engine's mount; default {@code TRANSIT_SECRET_ENGINE_PATH}, else {@code transit} (as cosign). */
        @WithName("transit-path")
        Optional<String> transitPath();
    }
}

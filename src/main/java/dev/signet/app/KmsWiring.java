package dev.signet.app;

import dev.signet.kms.AwsCredentialSource;
import dev.signet.kms.AwsCredentials;
import dev.signet.kms.AwsEndpoints;
import dev.signet.kms.AwsKms;
import dev.signet.kms.CachedKmsKeys;
import dev.signet.kms.GcpKms;
import dev.signet.kms.KmsHttp;
import dev.signet.kms.KmsPublicKeys;
import dev.signet.kms.StsWebIdentity;
import dev.signet.kms.VaultTransit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Builds the KMS key source from {@link KmsConfig} and the environment cosign's KMS providers read: AWS's
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}, else IRSA's {@code AWS_ROLE_ARN} and
 * {@code AWS_WEB_IDENTITY_TOKEN_FILE} ({@code AWS_ROLE_SESSION_NAME}, {@code AWS_ENDPOINT_URL_STS}), and {@code AWS_REGION}
 * (or {@code AWS_DEFAULT_REGION}); Vault's {@code VAULT_ADDR}, {@code VAULT_TOKEN} (or OpenBao's {@code BAO_ADDR}, {@code BAO_TOKEN}), {@code VAULT_NAMESPACE},
 * {@code TRANSIT_SECRET_ENGINE_PATH}; Google's {@code GCE_METADATA_HOST}. Which of them are set is logged, never a value
 * but the region and addresses.
 */
@ApplicationScoped
public class KmsWiring {
    private static final Logger LOG = Logger.getLogger(KmsWiring.class);

    @Produces
    @ApplicationScoped
    KmsPublicKeys kmsPublicKeys(KmsConfig config, Clock clock) {
        KmsHttp http = KmsHttp.create(config.timeout(), null);
        Optional<AwsCredentials> aws = env("AWS_ACCESS_KEY_ID").flatMap(id -> env("AWS_SECRET_ACCESS_KEY")
                .map(secret -> new AwsCredentials(id, secret, env("AWS_SESSION_TOKEN"))));
        Optional<String> region = env("AWS_REGION").or(() -> env("AWS_DEFAULT_REGION"));
        // the hashivault provider's order: Vault's variables, else OpenBao's
        Optional<URI> vaultAddress = env("VAULT_ADDR").or(() -> env("BAO_ADDR")).map(URI::create);
        Optional<String> vaultToken = env("VAULT_TOKEN").or(() -> env("BAO_TOKEN"));
        String transit = config.vault().transitPath().or(() -> env("TRANSIT_SECRET_ENGINE_PATH")).orElse("transit");
        String metadata = config.gcp().metadataHost().or(() -> env("GCE_METADATA_HOST")).orElse("metadata.google.internal");
        LOG.infof("KMS keys: AWS credentials %s, region %s; Vault %s (token %s, transit %s); Google metadata server %s",
                aws.isPresent() ? "from the environment"
                        : env("AWS_ROLE_ARN").isPresent() && env("AWS_WEB_IDENTITY_TOKEN_FILE").isPresent() ? "from IRSA (web identity)" : "not set", region.orElse("from the key ARN"), vaultAddress.map(URI::toString).orElse("not set"),
                vaultToken.isPresent() ? "set" : "not set", transit, metadata);
        // the SDK's order: static credentials first, then IRSA's web identity
        Optional<String> roleArn = env("AWS_ROLE_ARN");
        Optional<String> tokenFile = env("AWS_WEB_IDENTITY_TOKEN_FILE");
        AwsCredentialSource awsSource = aws.isEmpty() && roleArn.isPresent() && tokenFile.isPresent()
                ? new StsWebIdentity(http, URI.create(env("AWS_ENDPOINT_URL_STS").orElseGet(() -> region.map(r -> "https://sts." + r + ".amazonaws.com")
                        .orElse("https://sts.amazonaws.com"))), roleArn.get(), Path.of(tokenFile.get()), env("AWS_ROLE_SESSION_NAME").orElse("signet-kms"), clock)
                : AwsCredentialSource.of(aws);
        KmsPublicKeys providers = KmsPublicKeys.byScheme(new AwsEndpoints(new AwsKms(http, awsSource, region, clock),
                        Set.copyOf(config.aws().endpoints().orElse(List.of()))),
                new GcpKms(http, URI.create(config.gcp().endpoint()), URI.create("http://" + metadata), clock),
                new VaultTransit(http, vaultAddress, vaultToken, transit, env("VAULT_NAMESPACE")));
        return new CachedKmsKeys(providers, clock, config.refresh(), config.retry(), Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "signet-kms-refresh");
            thread.setDaemon(true);
            return thread;
        }));
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}

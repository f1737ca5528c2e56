package dev.signet.app;

import dev.signet.kube.PullSecretCredentialProvider;
import dev.signet.kube.SecretRef;
import dev.signet.reference.Registry;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.auth.DockerConfigCredentialProvider;
import dev.signet.registry.transport.JdkTransport;
import dev.signet.registry.transport.Sleeper;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.Transport;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/** Builds the registry client once from {@link RegistryConfig}: options, and credentials from a file or Secrets. */
@ApplicationScoped
public class RegistryWiring {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    RegistryClient registryClient(RegistryConfig config, Instance<KubernetesClient> kubernetes) {
        RegistryOptions options = RegistryOptions.defaults()
                .withRequestTimeout(config.timeout())
                .withInsecureRegistries(config.insecure().orElse(List.of()).stream().map(Registry::parse).collect(Collectors.toSet()));
        return new HttpRegistryClient(options, credentials(config, kubernetes), wire(config.wire(), options), Sleeper.system());
    }

    static Transport wire(RegistryConfig.Wire wire, RegistryOptions options) {
        return switch (wire) {
            case SOCKET -> SocketTransport.create(options.requestTimeout());
            case JDK -> JdkTransport.create(options.requestTimeout());
        };
    }

    private static CredentialProvider credentials(RegistryConfig config, Instance<KubernetesClient> kubernetes) {
        if (config.pullSecrets().isPresent() && !config.pullSecrets().get().isEmpty()) {
            List<SecretRef> secrets = config.pullSecrets().get().stream().map(SecretRef::parse).toList();
            return new PullSecretCredentialProvider(kubernetes.get(), secrets);
        }
        return config.dockerConfig().<CredentialProvider>map(file -> DockerConfigCredentialProvider.fromFile(Path.of(file)))
                .orElse(CredentialProvider.anonymous());
    }
}

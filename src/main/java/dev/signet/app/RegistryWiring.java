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
import dev.signet.registry.transport.Wires;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds the registry client once from {@link RegistryConfig}: options, and credentials from a file or Secrets. */
@ApplicationScoped
public class RegistryWiring {
    private static final Logger LOG = Logger.getLogger(RegistryWiring.class);

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
        return new HttpRegistryClient(options, credentials(config, kubernetes), wire(config.wire(), options, System::getProperty), Sleeper.system());
    }

    /**
     * The wire {@code signet.registry.wire} names; the JDK's client when the JVM is told to use an HTTP(S) proxy
     * ({@link Wires}).
     */
    static Transport wire(RegistryConfig.Wire wire, RegistryOptions options, Function<String, String> properties) {
        boolean proxied = Wires.httpProxyConfigured(properties);
        if (wire == RegistryConfig.Wire.JDK || proxied) {
            if (wire == RegistryConfig.Wire.SOCKET) {
                LOG.infof("Registry requests go through the JDK's HTTP client: the JVM is configured with an HTTP(S) proxy");
            }
            return JdkTransport.create(options.requestTimeout());
        }
        return SocketTransport.create(options.requestTimeout());
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

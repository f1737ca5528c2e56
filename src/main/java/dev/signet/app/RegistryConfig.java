package dev.signet.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code signet.registry.*}: how the app reaches registries. */
@ConfigMapping(prefix = "signet.registry")
public interface RegistryConfig {

    /** Registries reached over plain HTTP when HTTPS fails (loopback always may). */
    Optional<List<String>> insecure();

    /** Per-request timeout; admission decides within the webhook's deadline, so keep it short. */
    @WithDefault("5s")
    Duration timeout();

    /**
     * The HTTP client under the registry client: {@code socket} (default), Signet's HTTP/1.1 client on blocking
     * sockets, or {@code jdk}, the JDK's {@code java.net.http} client (HTTP/2 over TLS where the registry offers it),
     * kept as a fallback for a registry or middlebox the first does not get along with.
     */
    @WithDefault("socket")
    Wire wire();

    /** A docker config.json (or dockerconfigjson document) with registry credentials, for the files mode. */
    Optional<String> dockerConfig();

    /** {@code namespace/name} of dockerconfigjson Secrets with registry credentials (kubernetes mode). */
    Optional<List<String>> pullSecrets();

    /** The HTTP clients {@link #wire()} names. */
    enum Wire {
        SOCKET, JDK
    }
}

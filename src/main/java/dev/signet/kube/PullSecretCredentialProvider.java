package dev.signet.kube;

import dev.signet.Reason;
import dev.signet.reference.Registry;
import dev.signet.registry.RegistryException;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.auth.Credentials;
import dev.signet.registry.auth.DockerConfigCredentialProvider;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry credentials from pull Secrets, asked in order as the kubelet asks a pod's {@code imagePullSecrets}: the
 * first Secret with an entry for the registry wins, and none means anonymous. Reads
 * {@code kubernetes.io/dockerconfigjson} ({@code .dockerconfigjson}) and the legacy {@code kubernetes.io/dockercfg}
 * ({@code .dockercfg}); parsing is {@link DockerConfigCredentialProvider}'s.
 *
 * <p>Secrets are watched ({@link SecretInformers}) and each is parsed once per version, so rotated credentials apply
 * on the next registry call. A configured Secret that does not exist is skipped, as the kubelet skips a missing
 * {@code imagePullSecrets} entry: the Secrets are optional, so a cluster whose registries allow anonymous pulls needs
 * none (issue 16). Its absence is logged (once per absence), so a registry's later 401 can be traced to it; a Secret
 * that exists but cannot be read or parsed still fails the lookup.
 */
public final class PullSecretCredentialProvider implements CredentialProvider, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PullSecretCredentialProvider.class);
    private static final String ACTION = "read pull secret";

    private final List<SecretRef> pullSecrets;
    private final SecretInformers secrets;
    private final Map<SecretRef, Parsed> parsed = new ConcurrentHashMap<>();
    /** Secrets whose absence was logged; forgotten when they appear, so a later deletion is logged again. */
    private final Set<SecretRef> missing = ConcurrentHashMap.newKeySet();

    /** Asks {@code pullSecrets} in order, waiting up to {@link SecretKeyProvider#DEFAULT_SYNC_TIMEOUT} for each first read. */
    public PullSecretCredentialProvider(KubernetesClient client, List<SecretRef> pullSecrets) {
        this(client, pullSecrets, SecretKeyProvider.DEFAULT_SYNC_TIMEOUT);
    }

    /** Asks {@code pullSecrets} in order, waiting up to {@code syncTimeout} for the first listing of each. */
    public PullSecretCredentialProvider(KubernetesClient client, List<SecretRef> pullSecrets, Duration syncTimeout) {
        this.pullSecrets = List.copyOf(pullSecrets);
        this.secrets = new SecretInformers(client, syncTimeout, parsed::remove);
    }

    /**
     * The first pull Secret's credentials for {@code registry}, or empty.
     *
     * @throws RegistryException {@code KUBERNETES_UNAVAILABLE} when the API server cannot be reached,
     *     {@code REGISTRY_UNAUTHORIZED} when a Secret is unreadable (a missing one is skipped), {@code INPUT_INVALID}
     *     when it holds no docker config
     */
    @Override
    public Optional<Credentials> forRegistry(Registry registry) {
        for (SecretRef ref : pullSecrets) {
            Optional<Credentials> found = config(ref).flatMap(config -> config.forRegistry(registry));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<DockerConfigCredentialProvider> config(SecretRef ref) {
        Optional<Secret> present = read(ref);
        if (present.isEmpty()) {
            return Optional.empty();
        }
        missing.remove(ref);
        Secret secret = present.get();
        String version = SecretData.version(secret);
        Parsed cached = parsed.get(ref);
        if (cached != null && version != null && version.equals(cached.version())) {
            return Optional.of(cached.config());
        }
        DockerConfigCredentialProvider config = DockerConfigCredentialProvider.parse(dockerConfigJson(ref, secret), ref.toString());
        parsed.put(ref, new Parsed(version, config));
        return Optional.of(config);
    }

    /** The Secret's docker config as a {@code config.json} document, whichever of the two layouts it uses. */
    private static String dockerConfigJson(SecretRef ref, Secret secret) {
        try {
            Optional<byte[]> json = SecretData.bytes(secret, SecretKeys.DOCKER_CONFIG_JSON);
            if (json.isPresent()) {
                return new String(json.get(), StandardCharsets.UTF_8);
            }
            Optional<byte[]> dockercfg = SecretData.bytes(secret, SecretKeys.DOCKERCFG);
            if (dockercfg.isPresent()) {
                // .dockercfg is the bare auths map; wrapped, it is a config.json. Text that is not one JSON object
                // fails the parse, which reports positions only, never the (secret) text
                return "{\"auths\":" + new String(dockercfg.get(), StandardCharsets.UTF_8) + "}";
            }
        } catch (IllegalArgumentException e) {
            throw invalid(ref, "a data value is not base64");
        }
        throw invalid(ref, "secret " + ref + " of type " + secret.getType() + " has neither " + SecretKeys.DOCKER_CONFIG_JSON
                + " nor " + SecretKeys.DOCKERCFG);
    }

    private Optional<Secret> read(SecretRef ref) {
        try {
            Optional<Secret> secret = secrets.get(ref);
            if (secret.isEmpty()) {
                parsed.remove(ref);
                if (missing.add(ref)) {
                    LOG.warn("{} {}: secret {} not found, so registries are asked without its credentials; create it with kubectl "
                            + "create secret docker-registry if a registry needs them", ACTION, ref, ref);
                }
            }
            return secret;
        } catch (SecretReadException e) {
            Reason reason = e.retryable() ? Reason.KUBERNETES_UNAVAILABLE : Reason.REGISTRY_UNAUTHORIZED;
            throw new RegistryException(reason, ACTION, ref.toString(), e.getMessage(), e.hint(), 0, List.of(), e.getCause());
        }
    }

    private static RegistryException invalid(SecretRef ref, String cause) {
        return new RegistryException(Reason.INPUT_INVALID, ACTION, ref.toString(), cause,
                "a pull secret is of type " + SecretKeys.TYPE_DOCKER_CONFIG_JSON + " with data key " + SecretKeys.DOCKER_CONFIG_JSON, 0, List.of(), null);
    }

    /** Stops the watches. */
    @Override
    public void close() {
        secrets.close();
        parsed.clear();
    }

    /** One version of a Secret, parsed. */
    private record Parsed(String version, DockerConfigCredentialProvider config) {
    }

    @Override
    public String toString() {
        return "PullSecretCredentialProvider" + pullSecrets;
    }
}

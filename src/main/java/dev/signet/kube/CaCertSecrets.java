package dev.signet.kube;

import dev.signet.SignetException;
import dev.signet.policy.PolicyControllerTrustRoots;
import dev.signet.policy.TrustedRoots;
import dev.signet.sigstore.TrustedRoot;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * policy-controller's keyless {@code ca-cert.secretRef}: the certificate authorities a keyless authority trusts, read
 * from a Secret's single data entry, whatever its name (sigstore/policy-controller@f925c0c
 * {@code pkg/reconciler/clusterimagepolicy/clusterimagepolicy.go} inlines the Secret and refuses one with several
 * entries). Served as a trusted root of those CAs with the public-good logs, as {@code ca-cert.data} is
 * ({@link PolicyControllerTrustRoots#caCertRoot}), for the references {@link PolicyControllerTrustRoots#caCertSecretRef}
 * makes; every other reference goes to the next source.
 *
 * <p>Read like key Secrets ({@link SecretInformers}: one informer per named Secret, list and watch by name), parsed
 * once per version; listeners given to {@link #onChange} hear of every Secret modified or deleted, so verdicts judged
 * under the old CAs can be dropped.
 */
public final class CaCertSecrets implements TrustedRoots, AutoCloseable {
    private final SecretInformers secrets;
    private final Map<SecretRef, Parsed> parsed = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** A version of a Secret as read: its root, or why it is not served. */
    private record Parsed(String version, Optional<TrustedRoot> root, String problem) {
    }

    public CaCertSecrets(KubernetesClient client, Duration syncTimeout) {
        this.secrets = new SecretInformers(client, syncTimeout, this::changed);
    }

    /** Told, on fabric8's event thread, with the reference of a watched Secret that was modified or deleted. */
    public void onChange(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** CA Secret references here, {@code others} for every other reference. */
    public TrustedRoots before(TrustedRoots others) {
        return ref -> PolicyControllerTrustRoots.caCertSecret(ref).isPresent() ? find(ref) : others.find(ref);
    }

    /**
     * The CAs of the Secret {@code ref} names, or empty when the Secret does not exist.
     *
     * @throws IllegalStateException when the Secret cannot be read or holds no usable certificates
     */
    @Override
    public Optional<TrustedRoot> find(String ref) {
        Optional<String> name = PolicyControllerTrustRoots.caCertSecret(ref);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        SecretRef secretRef = SecretRef.parse(name.get());
        Optional<Secret> secret;
        try {
            secret = secrets.get(secretRef);
        } catch (SecretReadException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        String version = SecretData.version(secret.get());
        Parsed cached = parsed.get(secretRef);
        if (cached == null || version == null || !version.equals(cached.version())) {
            cached = parse(secretRef, secret.get(), version);
            parsed.put(secretRef, cached);
        }
        if (cached.root().isEmpty()) {
            throw new IllegalStateException(cached.problem());
        }
        return cached.root();
    }

    private static Parsed parse(SecretRef ref, Secret secret, String version) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        if (data.size() != 1) {
            return new Parsed(version, Optional.empty(), "read ca-cert secret " + ref + ": it has " + data.size()
                    + " data entries, where policy-controller takes exactly one; keep only the PEM certificates");
        }
        String key = data.keySet().iterator().next();
        String pem = new String(SecretData.bytes(secret, key).orElseThrow(), StandardCharsets.UTF_8);
        try {
            return new Parsed(version, Optional.of(PolicyControllerTrustRoots.caCertRoot("the CAs of secret " + ref, pem)), "");
        } catch (SignetException | IllegalArgumentException e) {
            return new Parsed(version, Optional.empty(), "read ca-cert secret " + ref + ": entry " + key + " is not usable PEM certificates: "
                    + e.getMessage());
        }
    }

    private void changed(SecretRef ref) {
        parsed.remove(ref);
        String reference = PolicyControllerTrustRoots.caCertSecretRef(ref.namespace(), ref.name());
        listeners.forEach(listener -> listener.accept(reference));
    }

    @Override
    public void close() {
        secrets.close();
    }
}

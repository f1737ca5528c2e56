package dev.signet.kube;

import dev.signet.keys.KeyRef;
import dev.signet.policy.TrustedRoots;
import dev.signet.sigstore.SigstoreException;
import dev.signet.sigstore.TrustedRoot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyless policy entries' named trusted roots ({@code keyless.trustedRootRef: NAME} or {@code NAMESPACE/NAME}) read
 * from ConfigMaps holding Sigstore trusted-root JSON under the key {@value #KEY} (policy-controller's TrustRoot and
 * cosign's file name). {@code NAME} alone is in the configured namespace, Signet's own by default.
 *
 * <p>ConfigMaps only, not Secrets: a trusted root is public material (CA certificates and log public keys), and a
 * ConfigMap reader can read no private key.
 *
 * <p>Least privilege, as for key Secrets ({@link SecretInformers}): one informer per named ConfigMap, listing and
 * watching with the field selector {@code metadata.name=NAME}, which RBAC authorises with {@code resourceNames}; so
 * Signet needs list and watch on exactly the ConfigMaps policies name, never on every ConfigMap of a namespace (a
 * label selector such as {@code signet.dev/trusted-root=true} would need list/watch on all of them).
 *
 * <p>Each version of a ConfigMap is parsed once, on fabric8's event thread, and {@link #find} reads the parsed result:
 * it never waits on the API. {@link #watch} starts the informers of the roots the policies name as they load; a root
 * first asked for by {@code find} starts its informer then, and that lookup fails (its entry is {@code error}) until
 * the first list is in. A malformed root is not served: {@code find} fails with the parse error, logged once per
 * version of the ConfigMap (never its content). Listeners given to {@link #onChange} hear of every root modified or
 * deleted, so verdicts judged under the old root can be dropped.
 */
public final class TrustedRootConfigMaps implements TrustedRoots, AutoCloseable {
    /** The ConfigMap key holding the trusted-root JSON. */
    public static final String KEY = "trusted_root.json";

    private static final Logger LOG = LoggerFactory.getLogger(TrustedRootConfigMaps.class);

    private final KubernetesClient client;
    private final String defaultNamespace;
    private final Map<SecretRef, SharedIndexInformer<ConfigMap>> informers = new ConcurrentHashMap<>();
    private final Map<SecretRef, Parsed> parsed = new ConcurrentHashMap<>();
    /** Why the last list of a root failed: what find says while the next attempt has not listed yet. */
    private final Map<SecretRef, String> failures = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** A version of a ConfigMap as read: its root, or why it is not served. */
    private record Parsed(String version, Optional<TrustedRoot> root, String problem) {
    }

    /**
     * @param defaultNamespace where a reference without a namespace is looked up (Signet's namespace)
     */
    public TrustedRootConfigMaps(KubernetesClient client, String defaultNamespace) {
        this.client = Objects.requireNonNull(client, "client");
        String problem = KeyRef.Secret.problem(defaultNamespace, "x");
        if (problem != null) {
            throw new IllegalArgumentException("configure the trusted root namespace " + defaultNamespace + ": " + problem);
        }
        this.defaultNamespace = defaultNamespace;
    }

    /** Told, on fabric8's event thread, with {@code NAMESPACE/NAME}, when a watched root is modified or deleted. */
    public void onChange(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Whether a policy's reference names the root {@code NAMESPACE/NAME} that {@link #onChange} reported. */
    public boolean names(String ref, String changed) {
        try {
            return resolve(ref).toString().equals(changed);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Starts watching the roots these references name, so they are parsed before admission asks; bad references are skipped. */
    public void watch(Collection<String> refs) {
        for (String ref : refs) {
            try {
                informer(resolve(ref));
            } catch (IllegalArgumentException e) {
                LOG.warn("watch trusted root {}: {}", ref, e.getMessage());
            }
        }
    }

    /**
     * The root as last seen, or empty when the ConfigMap does not exist or has no {@value #KEY}.
     *
     * @throws IllegalArgumentException when the reference cannot name a ConfigMap
     * @throws IllegalStateException when the root is malformed, not listed yet, or the API refused the list
     */
    @Override
    public Optional<TrustedRoot> find(String ref) {
        if (closed) {
            throw new IllegalStateException("read trusted root " + ref + ": the ConfigMap cache is closed");
        }
        SecretRef name = resolve(ref);
        SharedIndexInformer<ConfigMap> informer = informer(name);
        CompletableFuture<Void> synced = informer.start().toCompletableFuture();
        if (synced.isCompletedExceptionally()) {
            informers.remove(name, informer);
            informer.stop();
            Throwable failure = synced.handle((ok, error) -> error).join();
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            int code = cause instanceof io.fabric8.kubernetes.client.KubernetesClientException kube ? kube.getCode() : 0;
            String hint = code == 401 || code == 403
                    ? "grant list and watch on configmaps/" + name.name() + " in namespace " + name.namespace() + " to Signet's service account"
                    : "the next request retries";
            String problem = "read configmap " + name + ": " + SecretInformers.unavailable(cause) + "; " + hint;
            failures.put(name, problem);
            throw new IllegalStateException(problem, cause);
        }
        if (!synced.isDone()) {
            String failed = failures.get(name);
            throw new IllegalStateException(failed != null ? failed
                    : "read configmap " + name + ": the Kubernetes API has not listed it yet; the next request retries");
        }
        failures.remove(name);
        // the store, not the event handler, says what exists: handlers run after the list is in, on another thread
        ConfigMap configMap = informer.getStore().getByKey(name.toString());
        if (configMap == null) {
            return Optional.empty();
        }
        Parsed current = parsed(name, configMap);
        if (current.root().isEmpty() && !current.problem().isEmpty()) {
            throw new IllegalStateException(current.problem());
        }
        return current.root();
    }

    /** {@code NAME} in the default namespace, or {@code NAMESPACE/NAME}. */
    SecretRef resolve(String ref) {
        String[] parts = ref == null ? new String[0] : ref.strip().split("/", -1);
        if (parts.length == 1) {
            return checked(ref, defaultNamespace, parts[0]);
        }
        if (parts.length == 2) {
            return checked(ref, parts[0], parts[1]);
        }
        throw new IllegalArgumentException("parse trusted root reference " + ref + ": expected NAME or NAMESPACE/NAME");
    }

    private static SecretRef checked(String ref, String namespace, String name) {
        String problem = KeyRef.Secret.problem(namespace, name);
        if (problem != null) {
            throw new IllegalArgumentException("parse trusted root reference " + ref + ": " + problem);
        }
        return new SecretRef(namespace, name);
    }

    private SharedIndexInformer<ConfigMap> informer(SecretRef name) {
        return informers.computeIfAbsent(name, this::create);
    }

    private SharedIndexInformer<ConfigMap> create(SecretRef name) {
        // resync 0: the watch delivers every change, so periodic replays of unchanged roots would be noise
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(name.namespace()).withName(name.name()).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap configMap) {
                parsed(name, configMap);
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap after) {
                if (Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                    return; // a relist replaying what we have: nothing changed, nothing to parse or log again
                }
                parsed(name, after);
                changed(name);
            }

            @Override
            public void onDelete(ConfigMap configMap, boolean finalStateUnknown) {
                parsed.remove(name);
                LOG.info("trusted root {} deleted: entries naming it are error until it is back", name);
                changed(name);
            }
        });
        informer.start();
        return informer;
    }

    private void changed(SecretRef name) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(name.toString());
            } catch (RuntimeException e) {
                LOG.warn("tell of changed trusted root {}: {}", name, e.getMessage());
            }
        }
    }

    /** The parsed version of what the store holds: parsed (and logged) once per resourceVersion, whoever asks first. */
    private Parsed parsed(SecretRef name, ConfigMap configMap) {
        String version = String.valueOf(configMap.getMetadata().getResourceVersion());
        return parsed.compute(name, (key, old) -> old != null && old.version().equals(version) ? old : parse(name, version, configMap));
    }

    /** Parses one version; logs the outcome (the parse error, never the content). */
    private static Parsed parse(SecretRef name, String version, ConfigMap configMap) {
        byte[] json = json(configMap);
        if (json == null) {
            String problem = "read trusted root " + name + ": configmap has no key " + KEY
                    + "; create it with kubectl create configmap " + name.name() + " -n " + name.namespace() + " --from-file=" + KEY + "=PATH";
            LOG.error("{} (resourceVersion {})", problem, version);
            return new Parsed(version, Optional.empty(), problem);
        }
        try {
            TrustedRoot root = TrustedRoot.parse(json, "configmap " + name);
            LOG.info("trusted root {} loaded (resourceVersion {})", name, version);
            return new Parsed(version, Optional.of(root), "");
        } catch (SigstoreException e) {
            String problem = "read trusted root " + name + ": " + e.getMessage();
            LOG.error("{} (resourceVersion {}); entries naming it are error until it is fixed", problem, version);
            return new Parsed(version, Optional.empty(), problem);
        }
    }

    private static byte[] json(ConfigMap configMap) {
        if (configMap.getData() != null && configMap.getData().get(KEY) != null) {
            return configMap.getData().get(KEY).getBytes(StandardCharsets.UTF_8);
        }
        if (configMap.getBinaryData() != null && configMap.getBinaryData().get(KEY) != null) {
            return Base64.getDecoder().decode(configMap.getBinaryData().get(KEY));
        }
        return null;
    }

    /** Stops every watch; {@link #find} answers nothing afterwards. */
    @Override
    public void close() {
        closed = true;
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
    }
}

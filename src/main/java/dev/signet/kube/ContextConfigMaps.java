package dev.signet.kube;

import dev.signet.policy.KyvernoContext;
import dev.signet.policy.KyvernoContext.ConfigMapName;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ConfigMaps Kyverno rules' {@code configMap} context entries name, read from the cluster for
 * {@link dev.signet.policy.PolicyRepository#contextFrom} (Kyverno reads them through an informer cache too:
 * pkg/engine/context/loaders/configmap.go, kyverno@111e07bb).
 *
 * <p>Least privilege, as for key Secrets and trusted roots ({@link TrustedRootConfigMaps}): one informer per named
 * ConfigMap, listing and watching with the field selector {@code metadata.name=NAME}, which RBAC authorises with
 * {@code resourceNames}; an informer starts when a policy first names its ConfigMap and stops when no policy names it
 * any more ({@link #retain}).
 *
 * <p>Never waits on the API: {@link #data} answers from the informer's store, so a ConfigMap not listed yet reads as
 * missing (the entries using it are {@code error}); its arrival, any change and its deletion are told to the
 * {@link #onChange} listeners, which compile the policies reading it again. A list that fails (RBAC, API down) is
 * retried by the informer; {@link #missing} says why meanwhile.
 */
public final class ContextConfigMaps implements KyvernoContext.ConfigMaps, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContextConfigMaps.class);

    private final KubernetesClient client;
    private final Map<ConfigMapName, SharedIndexInformer<ConfigMap>> informers = new ConcurrentHashMap<>();
    /** Why the last list or watch of a ConfigMap failed, until it lists. */
    private final Map<ConfigMapName, String> failures = new ConcurrentHashMap<>();
    private final List<Consumer<ConfigMapName>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public ContextConfigMaps(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Told, on fabric8's event thread, when a watched ConfigMap is listed, created, modified or deleted. */
    public void onChange(Consumer<ConfigMapName> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Optional<Map<String, String>> data(String namespace, String name) {
        if (closed) {
            return Optional.empty();
        }
        ConfigMapName key = new ConfigMapName(namespace, name);
        ConfigMap configMap = informers.computeIfAbsent(key, this::create).getStore().getByKey(key.toString());
        if (configMap == null) {
            return Optional.empty();
        }
        // Kyverno's context holds the ConfigMap's data (text values); binaryData is not text a key could be
        return Optional.of(configMap.getData() == null ? Map.of() : new LinkedHashMap<>(configMap.getData()));
    }

    @Override
    public String missing(ConfigMapName name) {
        String failure = failures.get(name);
        if (failure != null) {
            return "ConfigMap " + name + " could not be read: " + failure + "; the policy compiles again when it is";
        }
        SharedIndexInformer<ConfigMap> informer = informers.get(name);
        if (informer != null && !informer.hasSynced()) {
            return "ConfigMap " + name + " is not listed yet; the policy compiles again when it is";
        }
        return "ConfigMap " + name + " is not in the cluster; the entries reading it are error until it is created (watched)";
    }

    /** Stops watching the ConfigMaps no policy reads any more. */
    @Override
    public void retain(Set<ConfigMapName> read) {
        for (ConfigMapName name : Set.copyOf(informers.keySet())) {
            if (!read.contains(name)) {
                SharedIndexInformer<ConfigMap> informer = informers.remove(name);
                failures.remove(name);
                if (informer != null) {
                    informer.stop();
                    LOG.info("configmap {} is read by no policy now; no longer watched", name);
                }
            }
        }
    }

    /** The ConfigMaps watched now, for tests and the readiness detail. */
    public Set<ConfigMapName> watched() {
        return Set.copyOf(informers.keySet());
    }

    private SharedIndexInformer<ConfigMap> create(ConfigMapName name) {
        // resync 0: the watch delivers every change, so periodic replays of unchanged ConfigMaps would be noise
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(name.namespace()).withName(name.name()).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap configMap) {
                changed(name);
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap after) {
                if (!Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                    changed(name);
                }
            }

            @Override
            public void onDelete(ConfigMap configMap, boolean finalStateUnknown) {
                LOG.info("configmap {} deleted: the policy entries reading it are error until it is back", name);
                changed(name);
            }
        });
        // keep trying (with the informer's backoff): a Role granted later, or an API server back, heals without a restart
        informer.exceptionHandler((started, failure) -> {
            String cause = describe(name, failure);
            if (!cause.equals(failures.put(name, cause))) {
                LOG.warn("read configmap {}: {}", name, cause);
            }
            return true;
        });
        // listed: the policies compiled while it was not (their note says "not listed yet") compile again with what is there
        informer.start().thenRun(() -> {
            failures.remove(name);
            changed(name);
        });
        return informer;
    }

    private static String describe(ConfigMapName name, Throwable failure) {
        int code = failure instanceof KubernetesClientException kube ? kube.getCode() : 0;
        if (code == 401 || code == 403) {
            return "the Kubernetes API denied it (" + code + "); grant list and watch on configmaps/" + name.name() + " in namespace "
                    + name.namespace() + " to Signet's service account (k8s/README.md)";
        }
        return SecretInformers.unavailable(failure);
    }

    private void changed(ConfigMapName name) {
        for (Consumer<ConfigMapName> listener : listeners) {
            try {
                listener.accept(name);
            } catch (RuntimeException e) {
                LOG.warn("tell of changed configmap {}: {}", name, e.getMessage());
            }
        }
    }

    /** Stops every watch; {@link #data} finds nothing afterwards. */
    @Override
    public void close() {
        closed = true;
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
    }
}

package dev.signet.kube;

import dev.signet.policy.NamespaceLabels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Objects;

/**
 * Namespace labels for {@code namespaceSelector}, from one informer on Namespaces (an AdmissionReview does not carry
 * them). A namespace not yet seen has no labels, so a selector requiring a label does not match it.
 */
public final class NamespaceLabelCache implements NamespaceLabels, AutoCloseable {
    private final SharedIndexInformer<Namespace> informer;

    public NamespaceLabelCache(KubernetesClient client) {
        this.informer = Objects.requireNonNull(client, "client").namespaces().inform();
    }

    @Override
    public Map<String, String> of(String namespace) {
        Namespace found = informer.getStore().getByKey(namespace);
        if (found == null || found.getMetadata().getLabels() == null) {
            return Map.of();
        }
        return found.getMetadata().getLabels();
    }

    @Override
    public void close() {
        informer.close();
    }
}

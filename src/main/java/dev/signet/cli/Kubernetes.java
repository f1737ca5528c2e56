package dev.signet.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.function.Supplier;

/**
 * How the command line reaches Kubernetes for {@code k8s://} key references: the current kubeconfig (or the
 * in-cluster service account), as cosign does. Created only when a {@code k8s://} reference is used, so other verbs
 * never load the Kubernetes client. Tests pass a client for fabric8's mock API server instead.
 */
final class Kubernetes {
    private final Supplier<KubernetesClient> factory;
    private KubernetesClient client;

    Kubernetes(Supplier<KubernetesClient> factory) {
        this.factory = factory;
    }

    /**
     * The kubeconfig's current context. A person waits on the other end, so an unreachable API server is reported
     * after two retries and a 5 s connect timeout instead of fabric8's default ten retries.
     */
    static Kubernetes fromKubeconfig() {
        return new Kubernetes(() -> {
            Config config = Config.autoConfigure(null);
            config.setRequestRetryBackoffLimit(2);
            config.setConnectionTimeout(5_000);
            return new KubernetesClientBuilder().withConfig(config).build();
        });
    }

    synchronized KubernetesClient client() {
        if (client == null) {
            client = factory.get();
        }
        return client;
    }
}

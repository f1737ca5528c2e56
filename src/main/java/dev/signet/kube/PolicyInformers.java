package dev.signet.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.policy.PolicyRepository;
import dev.signet.policy.StoredVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the policy kinds in the cluster and keeps a {@link PolicyRepository} in line: Signet's
 * {@code signet.dev/v1alpha1} SignetClusterImagePolicy and SignetImagePolicy (and their deprecated names
 * ClusterImagePolicy and ImagePolicy), and Kyverno's {@code kyverno.io/v1} ClusterPolicy
 * and Policy when Kyverno's CRDs are installed (policy.md, "Kyverno import"), and sigstore policy-controller's
 * {@code policy.sigstore.dev} ClusterImagePolicy and TrustRoot when its CRDs are. Each add or update compiles the one
 * document that changed; a delete removes it. A kind whose CRD is absent is skipped with a log line.
 */
public final class PolicyInformers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyInformers.class);

    /** The kinds watched, as fabric8 resource contexts (group, version, plural, namespaced). */
    public static final List<ResourceDefinitionContext> KINDS = List.of(
            context("signet.dev", "v1alpha1", "SignetClusterImagePolicy", "signetclusterimagepolicies", false),
            context("signet.dev", "v1alpha1", "SignetImagePolicy", "signetimagepolicies", true),
            // the kinds' names before the rename, still read (compiled with a deprecation note) until their CRDs go
            context("signet.dev", "v1alpha1", "ClusterImagePolicy", "clusterimagepolicies", false),
            context("signet.dev", "v1alpha1", "ImagePolicy", "imagepolicies", true),
            context("kyverno.io", "v1", "ClusterPolicy", "clusterpolicies", false),
            context("kyverno.io", "v1", "Policy", "policies", true),
            // sigstore policy-controller's kinds, at their storage version (v1beta1 is served by its conversion webhook)
            context("policy.sigstore.dev", "v1alpha1", "ClusterImagePolicy", "clusterimagepolicies", false),
            context("policy.sigstore.dev", "v1alpha1", "TrustRoot", "trustroots", false));

    private final KubernetesClient client;
    private final PolicyRepository repository;
    private final Consumer<PolicyRepository.Update> log;
    private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
    private final Map<String, Boolean> watched = new ConcurrentHashMap<>();

    public PolicyInformers(KubernetesClient client, PolicyRepository repository, Consumer<PolicyRepository.Update> log) {
        this.client = Objects.requireNonNull(client, "client");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.log = Objects.requireNonNull(log, "log");
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural, boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind).withPlural(plural)
                .withNamespaced(namespaced).build();
    }

    /** Starts one informer per kind whose CRD exists, and waits for each to list once. */
    public synchronized void start() {
        retryAbsent();
    }

    /**
     * Starts the informers of kinds not watched yet whose CRD now exists (policy-controller or Kyverno installed after
     * Signet started), so their policies are not ignored until a restart; the app calls it every minute.
     *
     * @return the kinds newly watched
     */
    public synchronized List<String> retryAbsent() {
        List<String> started = new ArrayList<>();
        for (ResourceDefinitionContext kind : KINDS) {
            String name = kind.getGroup() + "/" + kind.getKind();
            if (Boolean.TRUE.equals(watched.get(name))) {
                continue;
            }
            boolean retry = watched.containsKey(name);
            try {
                SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(kind).inAnyNamespace().inform(handler(kind), 0);
                informers.add(informer);
                watched.put(name, true);
                started.add(name);
                if (retry) {
                    LOG.info("policy kind {} is installed now; watched", name);
                }
            } catch (KubernetesClientException e) {
                if (!notInstalled(e)) {
                    throw e;
                }
                if (!retry) {
                    LOG.info("policy kind {} is not installed in this cluster; not watched until it is (checked every minute)", name);
                }
                watched.put(name, false);
            }
        }
        return started;
    }

    /** A 404 on the first list, possibly wrapped by the informer's start: the CRD is not installed. */
    private static boolean notInstalled(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException client && client.getCode() == 404) {
                return true;
            }
        }
        return false;
    }

    /** Which kinds are watched (true) or absent from the cluster (false), for the readiness detail. */
    public Map<String, Boolean> watched() {
        return Map.copyOf(watched);
    }

    private ResourceEventHandler<GenericKubernetesResource> handler(ResourceDefinitionContext kind) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource resource) {
                put(resource);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                put(after);
            }

            @Override
            public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
                repository.remove(key(kind, resource));
            }

            private void put(GenericKubernetesResource resource) {
                JsonNode document = Json.mapper().valueToTree(resource);
                String uid = resource.getMetadata().getUid();
                String resourceVersion = resource.getMetadata().getResourceVersion();
                if (uid == null || uid.isEmpty() || resourceVersion == null || resourceVersion.isEmpty()) {
                    // not as the API server stores objects: keyed by content, like a file
                    log.accept(repository.put(key(kind, resource), document, "kubernetes"));
                } else {
                    log.accept(repository.put(key(kind, resource), document, "kubernetes", new StoredVersion(uid, resourceVersion)));
                }
            }
        };
    }

    private static String key(ResourceDefinitionContext kind, GenericKubernetesResource resource) {
        String namespace = resource.getMetadata().getNamespace();
        return kind.getGroup() + "/" + kind.getKind() + "/" + (namespace == null ? "" : namespace + "/") + resource.getMetadata().getName();
    }

    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
    }
}

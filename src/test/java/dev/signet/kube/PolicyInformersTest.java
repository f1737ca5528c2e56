package dev.signet.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.policy.CompiledPolicy;
import dev.signet.policy.PolicyRepository;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Policies and namespace labels from the API server (fabric8's mock in CRUD mode): add, edit, break, delete. */
class PolicyInformersTest {
    private final MockKubernetes kube = new MockKubernetes();
    private final PolicyRepository repository = new PolicyRepository();
    private final PolicyInformers informers = new PolicyInformers(kube.client(), repository, update -> { });

    @AfterEach
    void close() {
        informers.close();
        kube.close();
    }

    private static GenericKubernetesResource clusterImagePolicy(String name, String images, String key) {
        return new GenericKubernetesResourceBuilder().withApiVersion("signet.dev/v1alpha1").withKind("SignetClusterImagePolicy")
                .withNewMetadata().withName(name).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("verifyImages", List.of(Map.of("imageReferences", List.of(images), "key", key)))))
                .build();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + MockKubernetes.PROPAGATION.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + MockKubernetes.PROPAGATION);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void policiesInTheCluster_areCompiledOnEachChange_andABrokenEditKeepsTheLastGoodVersion() {
        informers.start();
        var policies = kube.client().genericKubernetesResources(PolicyInformers.KINDS.get(0));

        policies.resource(clusterImagePolicy("release", "ghcr.io/acme/*", "k8s://signing/release")).create();
        await("the policy is compiled", () -> repository.current().policies().size() == 1);
        CompiledPolicy first = repository.current().policies().get(0);
        assertThat(first.id().uid()).as("the API server's uid keys the verdict cache").isNotBlank().doesNotContain("#");

        policies.withName("release").edit(resource -> clusterImagePolicy("release", "ghcr.io/acme/*", "k8s://signing/rotated"));
        await("the edit is compiled", () -> !repository.current().policies().get(0).id().resourceVersion().equals(first.id().resourceVersion()));

        policies.withName("release").edit(resource -> clusterImagePolicy("release", "ghcr.io/acme/*", "not a key"));
        await("the broken edit is reported", () -> !repository.current().problems().isEmpty());
        assertThat(repository.current().policies()).as("the last good version stays in force").hasSize(1);
        assertThat(repository.current().problems().values()).singleElement().asString()
                .contains("compile policy release: verifyImages[0].key holds no usable public key").contains("keeping the previous version in force");

        policies.withName("release").delete();
        await("the deletion is seen", () -> repository.current().policies().isEmpty());
        assertThat(informers.watched()).containsEntry("signet.dev/SignetClusterImagePolicy", true).containsEntry("kyverno.io/ClusterPolicy", true);
    }

    @Test
    void theKindsDeprecatedNames_areWatchedToo_andCompiledWithTheirNote() {
        informers.start();
        ResourceDefinitionContext deprecated = PolicyInformers.KINDS.stream().filter(kind -> kind.getPlural().equals("clusterimagepolicies")
                && kind.getGroup().equals("signet.dev")).findFirst().orElseThrow();
        GenericKubernetesResource old = clusterImagePolicy("before-the-rename", "ghcr.io/acme/*", "k8s://signing/release");
        old.setKind("ClusterImagePolicy");

        kube.client().genericKubernetesResources(deprecated).resource(old).create();

        await("the policy is compiled", () -> repository.current().policies().size() == 1);
        assertThat(repository.current().policies().get(0).notes()).singleElement().asString()
                .startsWith("kind ClusterImagePolicy is deprecated: it is read as SignetClusterImagePolicy");
        assertThat(informers.watched()).containsEntry("signet.dev/ClusterImagePolicy", true).containsEntry("signet.dev/SignetImagePolicy", true);
    }

    @Test
    void policyControllerKinds_areWatched_aTrustRootIsServedToTheTrustRootRefsNamingIt() {
        informers.start();
        var sigstorePolicies = kube.client().genericKubernetesResources(kind("policy.sigstore.dev", "ClusterImagePolicy"));
        var trustRoots = kube.client().genericKubernetesResources(kind("policy.sigstore.dev", "TrustRoot"));

        sigstorePolicies.resource(new GenericKubernetesResourceBuilder().withApiVersion("policy.sigstore.dev/v1alpha1").withKind("ClusterImagePolicy")
                .withNewMetadata().withName("static-pass").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("images", List.of(Map.of("glob", "**")), "authorities",
                        List.of(Map.of("static", Map.of("action", "pass")))))).build()).create();
        trustRoots.resource(new GenericKubernetesResourceBuilder().withApiVersion("policy.sigstore.dev/v1alpha1").withKind("TrustRoot")
                .withNewMetadata().withName("tuf").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("remote", Map.of("mirror", "https://tuf.example", "root", "e30=")))).build()).create();

        await("the policy is compiled", () -> repository.current().policies().size() == 1);
        await("the TrustRoot is read", () -> repository.current().problems().size() == 1);
        assertThat(repository.current().problems().values()).singleElement().asString().contains("spec.remote is a TUF repository");
        assertThat(informers.watched()).containsEntry("policy.sigstore.dev/ClusterImagePolicy", true).containsEntry("policy.sigstore.dev/TrustRoot", true);

        trustRoots.withName("tuf").delete();
        await("the TrustRoot's removal is seen", () -> repository.current().problems().isEmpty());
    }

    private static io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext kind(String group, String kind) {
        return PolicyInformers.KINDS.stream().filter(context -> context.getGroup().equals(group) && context.getKind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void aKindInstalledAfterStart_isWatchedOnTheNextRetry_andItsPoliciesCompiled() {
        ResourceDefinitionContext kyverno = PolicyInformers.KINDS.stream().filter(kind -> kind.getPlural().equals("clusterpolicies")).findFirst().orElseThrow();
        kube.notFound("/apis/kyverno.io/v1/clusterpolicies?resourceVersion=0", 1);

        informers.start();
        assertThat(informers.watched()).containsEntry("kyverno.io/ClusterPolicy", false);

        assertThat(informers.retryAbsent()).containsExactly("kyverno.io/ClusterPolicy");
        GenericKubernetesResource policy = new GenericKubernetesResourceBuilder().withApiVersion("kyverno.io/v1").withKind("ClusterPolicy")
                .withNewMetadata().withName("late").endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("rules", List.of(Map.of("name", "r", "verifyImages",
                        List.of(Map.of("imageReferences", List.of("ghcr.io/*"), "key", "k8s://signing/release")))))))
                .build();
        kube.client().genericKubernetesResources(kyverno).resource(policy).create();

        await("the late kind's policy is compiled", () -> repository.current().policies().size() == 1);
        assertThat(informers.watched()).containsEntry("kyverno.io/ClusterPolicy", true);
        assertThat(informers.retryAbsent()).as("nothing left to start").isEmpty();
    }

    @Test
    void namespaceLabels_followTheNamespaces() {
        Namespace shop = new NamespaceBuilder().withNewMetadata().withName("shop").withLabels(Map.of("tier", "prod")).endMetadata().build();
        kube.client().namespaces().resource(shop).create();
        try (NamespaceLabelCache labels = new NamespaceLabelCache(kube.client())) {
            await("the namespace is seen", () -> labels.of("shop").equals(Map.of("tier", "prod")));
            assertThat(labels.of("unknown")).isEmpty();
        }
    }
}

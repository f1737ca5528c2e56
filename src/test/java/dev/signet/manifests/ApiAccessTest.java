package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests map to the RBAC attributes the API server would authorise. */
class ApiAccessTest {

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("informer list of one Secret", "GET", "/api/v1/namespaces/ns/secrets?fieldSelector=metadata.name%3Dkey&resourceVersion=0",
                        new ApiAccess("list", "", "secrets", "ns", "key")),
                Arguments.of("informer watch of one Secret", "GET",
                        "/api/v1/namespaces/ns/secrets?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dkey&resourceVersion=2&watch=true",
                        new ApiAccess("watch", "", "secrets", "ns", "key")),
                Arguments.of("list of a namespace's Secrets", "GET", "/api/v1/namespaces/ns/secrets", new ApiAccess("list", "", "secrets", "ns", null)),
                Arguments.of("get of one Secret", "GET", "/api/v1/namespaces/ns/secrets/key", new ApiAccess("get", "", "secrets", "ns", "key")),
                Arguments.of("create of a Secret", "POST", "/api/v1/namespaces/ns/secrets", new ApiAccess("create", "", "secrets", "ns", null)),
                Arguments.of("patch of an Event", "PATCH", "/apis/events.k8s.io/v1/namespaces/default/events/e1",
                        new ApiAccess("patch", "events.k8s.io", "events", "default", "e1")),
                Arguments.of("cluster-scoped custom resource watch", "GET", "/apis/signet.dev/v1alpha1/clusterimagepolicies?watch=true",
                        new ApiAccess("watch", "signet.dev", "clusterimagepolicies", null, null)),
                Arguments.of("namespaced custom resources across namespaces", "GET", "/apis/kyverno.io/v1/policies",
                        new ApiAccess("list", "kyverno.io", "policies", null, null)),
                Arguments.of("status subresource", "PUT", "/apis/signet.dev/v1alpha1/namespaces/ns/imagepolicies/p/status",
                        new ApiAccess("update", "signet.dev", "imagepolicies/status", "ns", "p")),
                Arguments.of("list of namespaces", "GET", "/api/v1/namespaces", new ApiAccess("list", "", "namespaces", null, null)),
                Arguments.of("get of a namespace", "GET", "/api/v1/namespaces/prod", new ApiAccess("get", "", "namespaces", "prod", "prod")),
                Arguments.of("namespace status", "PUT", "/api/v1/namespaces/prod/status", new ApiAccess("update", "", "namespaces/status", "prod", "prod")),
                Arguments.of("delete of a collection", "DELETE", "/api/v1/namespaces/ns/pods", new ApiAccess("deletecollection", "", "pods", "ns", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void of_resourceRequest_isWhatRbacAuthorises(String name, String method, String target, ApiAccess expected) {
        assertThat(ApiAccess.of(method, target)).contains(expected);
    }

    @Test
    void of_discoveryAndVersion_areNotResourceRequests() {
        for (String path : List.of("/version", "/api", "/api/v1", "/apis", "/apis/signet.dev", "/apis/signet.dev/v1alpha1", "/openapi/v3")) {
            assertThat(ApiAccess.of("GET", path)).as(path).isEmpty();
            assertThat(ApiAccess.isDiscovery("GET", path)).as(path).isTrue();
        }
        assertThat(ApiAccess.isDiscovery("GET", "/metrics")).isFalse();
        assertThat(ApiAccess.isDiscovery("POST", "/apis")).isFalse();
    }

    /** What a policy watcher built on fabric8's generic informers asks for, so its exercise maps as RBAC sees it. */
    @Test
    void of_fabric8GenericInformers_listAndWatchTheirResource() throws Exception {
        ResourceDefinitionContext cluster = new ResourceDefinitionContext.Builder()
                .withGroup("signet.dev").withVersion("v1alpha1").withKind("ClusterImagePolicy").withPlural("clusterimagepolicies").withNamespaced(false).build();
        ResourceDefinitionContext namespaced = new ResourceDefinitionContext.Builder()
                .withGroup("kyverno.io").withVersion("v1").withKind("Policy").withPlural("policies").withNamespaced(true).build();

        try (RecordingApiServer api = new RecordingApiServer();
                SharedIndexInformer<GenericKubernetesResource> policies = api.underTest().genericKubernetesResources(cluster).inform();
                SharedIndexInformer<GenericKubernetesResource> kyverno = api.underTest().genericKubernetesResources(namespaced).inAnyNamespace().inform();
                SharedIndexInformer<Namespace> namespaces = api.underTest().namespaces().inform()) {
            List<ApiAccess> accesses = api.calls().stream().map(c -> ApiAccess.of(c.method(), c.target())).flatMap(Optional::stream).toList();

            assertThat(accesses).containsExactlyInAnyOrder(
                    new ApiAccess("list", "signet.dev", "clusterimagepolicies", null, null),
                    new ApiAccess("watch", "signet.dev", "clusterimagepolicies", null, null),
                    new ApiAccess("list", "kyverno.io", "policies", null, null),
                    new ApiAccess("watch", "kyverno.io", "policies", null, null),
                    new ApiAccess("list", "", "namespaces", null, null),
                    new ApiAccess("watch", "", "namespaces", null, null));
        }
    }
}

package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every HTTP path the manifests call exists in the app: the webhooks' paths as JAX-RS resource methods (read from the
 * compiled classes), and the probes' paths as SmallRye Health's; and the env they set is configuration the app reads.
 */
class EndpointsTest {
    private static final Manifests DEPLOYED = Manifests.deployed();

    static Stream<Arguments> webhookPaths() {
        List<Arguments> paths = new ArrayList<>();
        for (String kind : List.of("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")) {
            DEPLOYED.ofKind(kind).forEach(c -> c.at("/webhooks").forEach(w -> paths.add(Arguments.of(w.at("/clientConfig/service/path").asText()))));
        }
        return paths.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webhookPaths")
    void webhookPath_isAJaxRsPostEndpoint(String path) {
        // the API server POSTs AdmissionReviews
        assertThat(CodeScan.jaxRsEndpoints()).as("JAX-RS endpoints of the app").contains("POST " + path);
    }

    /** Containers that run Signet: the admission Deployment's and the Knative Services' with the same image. */
    static Stream<Arguments> signetContainers() {
        Manifest deployment = DEPLOYED.get("Deployment", "signet-admission");
        String image = deployment.containers().get(0).path("image").asText();
        List<Arguments> containers = new ArrayList<>();
        Stream.concat(Stream.of(deployment), DEPLOYED.ofKind("serving.knative.dev", "Service")).forEach(owner -> owner.containers().stream()
                .filter(c -> c.path("image").asText().equals(image))
                .forEach(c -> containers.add(Arguments.of(owner.kind() + " " + owner.name(), c))));
        return containers.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signetContainers")
    void probes_askSmallRyeHealth(String owner, JsonNode container) {
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).as("%s readiness", owner).isEqualTo(CodeScan.healthPath("readiness"))
                .isEqualTo("/q/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).as("%s liveness", owner).isEqualTo(CodeScan.healthPath("liveness"))
                .isEqualTo("/q/health/live");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signetContainers")
    void signetEnv_namesConfigPropertiesTheAppKnows(String owner, JsonNode container) {
        Set<String> known = ConfigNames.known();
        List<String> unknown = new ArrayList<>();
        container.path("env").forEach(variable -> {
            String name = variable.path("name").asText();
            if (name.startsWith("SIGNET_") && !ConfigNames.isProperty(name, known)) {
                unknown.add(name);
            }
        });
        assertThat(unknown).as("%s: env the app would ignore (known properties: %s)", owner, known).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signetContainers")
    void container_runsTheQuarkusAppLayout_asNonRootOnAReadOnlyRoot(String owner, JsonNode container) {
        assertThat(container.path("command").toString()).as(owner).contains("\"-jar\"", "quarkus-app/quarkus-run.jar");
        JsonNode security = container.path("securityContext");
        assertThat(security.path("runAsNonRoot").asBoolean()).as(owner).isTrue();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(owner).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(owner).isFalse();
        assertThat(security.at("/capabilities/drop").toString()).as(owner).isEqualTo("[\"ALL\"]");
        assertThat(security.at("/seccompProfile/type").asText()).as(owner).isEqualTo("RuntimeDefault");
        assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).as("%s: a writable /tmp", owner).contains("/tmp");
    }
}

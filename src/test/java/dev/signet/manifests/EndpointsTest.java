package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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

    /**
     * Containers that run Signet: the admission Deployment's (the JVM image) and the Knative Services' with the same
     * image or its native build ({@code <repository>-native}, src/main/docker/Dockerfile.native).
     */
    static Stream<Arguments> signetContainers() {
        Manifest deployment = DEPLOYED.get("Deployment", "signet-admission");
        List<Arguments> containers = new ArrayList<>();
        Stream.concat(Stream.of(deployment), DEPLOYED.ofKind("serving.knative.dev", "Service")).forEach(owner -> owner.containers().stream()
                .filter(EndpointsTest::runsSignet)
                .forEach(c -> containers.add(Arguments.of(owner.kind() + " " + owner.name(), c))));
        return containers.stream();
    }

    /** Whether a container runs Signet's image, JVM or native. */
    static boolean runsSignet(JsonNode container) {
        String repository = repository(DEPLOYED.get("Deployment", "signet-admission").containers().get(0).path("image").asText());
        return Set.of(repository, repository + NATIVE_SUFFIX).contains(repository(container.path("image").asText()));
    }

    /** The image repository's suffix for the native build of Signet. */
    static final String NATIVE_SUFFIX = "-native";

    static boolean isNative(JsonNode container) {
        return repository(container.path("image").asText()).endsWith(NATIVE_SUFFIX);
    }

    private static String repository(String image) {
        return image.replaceFirst(":[^:/]+$", "");
    }

    @Test
    void knativeServices_runTheNativeImage_theAdapterTheJvmImage() {
        List<String> nativeOwners = new ArrayList<>();
        signetContainers().forEach(arguments -> {
            if (isNative((JsonNode) arguments.get()[1])) {
                nativeOwners.add((String) arguments.get()[0]);
            }
        });
        assertThat(nativeOwners).containsExactlyInAnyOrder("Service signet-signer", "Service signet-verifier");
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
        if (isNative(container)) {
            // the executable where Dockerfile.native copies it
            assertThat(container.path("command").get(0).asText()).as(owner).isEqualTo(dockerfileCopyTarget("Dockerfile.native"));
        } else {
            assertThat(container.path("command").toString()).as(owner).contains("\"-jar\"", dockerfileCopyTarget("Dockerfile.jvm") + "quarkus-run.jar");
        }
        JsonNode security = container.path("securityContext");
        assertThat(security.path("runAsNonRoot").asBoolean()).as(owner).isTrue();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(owner).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(owner).isFalse();
        assertThat(security.at("/capabilities/drop").toString()).as(owner).isEqualTo("[\"ALL\"]");
        assertThat(security.at("/seccompProfile/type").asText()).as(owner).isEqualTo("RuntimeDefault");
        assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).as("%s: a writable /tmp", owner).contains("/tmp");
    }

    /** Where a Dockerfile under src/main/docker/ copies the build output (the destination of its COPY from target/). */
    static String dockerfileCopyTarget(String dockerfile) {
        try {
            List<String> copies = Files.readAllLines(Path.of("src/main/docker", dockerfile)).stream().filter(l -> l.startsWith("COPY ") && l.contains(" target/")).toList();
            assertThat(copies).as("COPY in %s", dockerfile).isNotEmpty();
            String[] words = copies.get(copies.size() - 1).trim().split("\\s+");
            return words[words.length - 1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

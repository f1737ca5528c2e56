package dev.signet.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.reference.Registry;
import dev.signet.registry.RegistryException;
import dev.signet.registry.auth.Credentials;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PullSecretCredentialProviderTest {
    private static final Registry REGISTRY = Registry.parse("registry.example.com");

    private final MockKubernetes kube = new MockKubernetes();

    @AfterEach
    void close() {
        kube.close();
    }

    private static byte[] auths(String registry, String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return ("{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private void putDockerConfigJson(String namespace, String name, String registry, String user, String password) {
        String auths = new String(auths(registry, user, password), StandardCharsets.UTF_8);
        kube.putSecret(namespace, name, SecretKeys.TYPE_DOCKER_CONFIG_JSON,
                Map.of(SecretKeys.DOCKER_CONFIG_JSON, ("{\"auths\":" + auths + "}").getBytes(StandardCharsets.UTF_8)));
    }

    private PullSecretCredentialProvider provider(String... refs) {
        return new PullSecretCredentialProvider(kube.client(), List.of(refs).stream().map(SecretRef::parse).toList());
    }

    @Test
    void forRegistry_dockerConfigJsonSecret_returnsItsCredentials() {
        putDockerConfigJson("ci", "regcred", "registry.example.com", "robot", "pa55");

        try (PullSecretCredentialProvider provider = provider("ci/regcred")) {
            assertThat(provider.forRegistry(REGISTRY)).contains(Credentials.basic("robot", "pa55"));
            assertThat(provider.forRegistry(Registry.parse("other.example.com"))).isEmpty();
        }
    }

    @Test
    void forRegistry_legacyDockercfgSecret_returnsItsCredentials() {
        kube.putSecret("ci", "old", SecretKeys.TYPE_DOCKERCFG,
                Map.of(SecretKeys.DOCKERCFG, auths("https://registry.example.com", "robot", "pa55")));

        try (PullSecretCredentialProvider provider = provider("ci/old")) {
            assertThat(provider.forRegistry(REGISTRY)).contains(Credentials.basic("robot", "pa55"));
        }
    }

    @Test
    void forRegistry_severalSecrets_firstWithAnEntryWins() {
        putDockerConfigJson("ci", "hub", "docker.io", "hubuser", "hubpass");
        putDockerConfigJson("ci", "first", "registry.example.com", "first", "1");
        putDockerConfigJson("ci", "second", "registry.example.com", "second", "2");

        try (PullSecretCredentialProvider provider = provider("ci/hub", "ci/first", "ci/second")) {
            assertThat(provider.forRegistry(REGISTRY).map(Credentials::username)).contains("first");
            assertThat(provider.forRegistry(Registry.DOCKER_HUB).map(Credentials::username)).contains("hubuser");
        }
    }

    @Test
    void forRegistry_secretUpdated_returnsNewCredentialsWithoutRestart() {
        putDockerConfigJson("ci", "regcred", "registry.example.com", "robot", "old");
        try (PullSecretCredentialProvider provider = provider("ci/regcred")) {
            assertThat(provider.forRegistry(REGISTRY).map(Credentials::password)).contains("old");

            String auths = new String(auths("registry.example.com", "robot", "new"), StandardCharsets.UTF_8);
            kube.replaceData("ci", "regcred", Map.of(SecretKeys.DOCKER_CONFIG_JSON, ("{\"auths\":" + auths + "}").getBytes(StandardCharsets.UTF_8)));

            MockKubernetes.await("the new password", () -> provider.forRegistry(REGISTRY).map(Credentials::password).equals(Optional.of("new")));
        }
    }

    @Test
    void forRegistry_secretMissing_anonymousAsTheKubeletWouldPull_untilTheSecretAppears() {
        try (PullSecretCredentialProvider provider = provider("ci/absent")) {
            assertThat(provider.forRegistry(REGISTRY)).as("an optional Secret that is not there: no credentials, no failure").isEmpty();

            putDockerConfigJson("ci", "absent", "registry.example.com", "robot", "late");

            MockKubernetes.await("the created Secret's credentials",
                    () -> provider.forRegistry(REGISTRY).map(Credentials::password).equals(Optional.of("late")));
        }
    }

    @Test
    void forRegistry_secretWithoutDockerConfig_inputInvalidNamingTheDataKeys() {
        kube.putSecret("ci", "opaque", SecretKeys.TYPE_OPAQUE, Map.of("token", "x".getBytes(StandardCharsets.UTF_8)));

        try (PullSecretCredentialProvider provider = provider("ci/opaque")) {
            assertThatThrownBy(() -> provider.forRegistry(REGISTRY))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INPUT_INVALID))
                    .hasMessageContaining("has neither .dockerconfigjson nor .dockercfg");
        }
    }

    @Test
    void forRegistry_malformedDockerConfig_inputInvalidWithoutTheSecretText() {
        kube.putSecret("ci", "broken", SecretKeys.TYPE_DOCKER_CONFIG_JSON,
                Map.of(SecretKeys.DOCKER_CONFIG_JSON, "{\"auths\": hunter2".getBytes(StandardCharsets.UTF_8)));

        try (PullSecretCredentialProvider provider = provider("ci/broken")) {
            assertThatThrownBy(() -> provider.forRegistry(REGISTRY))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INPUT_INVALID))
                    .hasMessageStartingWith("parse docker config ci/broken: not valid JSON")
                    .message().doesNotContain("hunter2");
        }
    }

    @Test
    void forRegistry_apiUnreachable_kubernetesUnavailableAndTransient() {
        try (KubernetesClient unreachable = MockKubernetes.unreachableClient();
                PullSecretCredentialProvider provider = new PullSecretCredentialProvider(unreachable, List.of(SecretRef.parse("ci/regcred")), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> provider.forRegistry(REGISTRY))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.KUBERNETES_UNAVAILABLE);
                        assertThat(e.isTransient()).isTrue();
                    })
                    .hasMessageStartingWith("read pull secret ci/regcred: the Kubernetes API is unreachable");
        }
    }

    @Test
    void toString_namesSecretsNotCredentials() {
        putDockerConfigJson("ci", "regcred", "registry.example.com", "robot", "pa55");
        try (PullSecretCredentialProvider provider = provider("ci/regcred")) {
            provider.forRegistry(REGISTRY);

            assertThat(provider).hasToString("PullSecretCredentialProvider[ci/regcred]");
        }
    }
}

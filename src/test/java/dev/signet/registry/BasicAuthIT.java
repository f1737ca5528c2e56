package dev.signet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.auth.Credentials;
import dev.signet.registry.auth.DockerConfigCredentialProvider;
import dev.signet.registry.auth.StaticCredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.RequestLog;
import dev.signet.testing.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Basic auth against distribution's htpasswd backend (bcrypt entry generated in the test). */
class BasicAuthIT {
    private static final String USER = "alice";
    private static final String PASSWORD = "correct-horse-battery";
    private static LocalRegistry registry;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.builder().basicAuth(USER, PASSWORD).start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static HttpRegistryClient client(CredentialProvider credentials, RequestLog log) {
        return new HttpRegistryClient(RegistryOptions.defaults(), credentials, log, duration -> { });
    }

    private static RequestLog log() {
        return new RequestLog(SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT));
    }

    @Test
    void pushAndPull_withPassword_answersChallengeOnceThenAuthenticatesUpFront() {
        RequestLog log = log();
        HttpRegistryClient client = client(StaticCredentialProvider.of(registry.registry(), Credentials.basic(USER, PASSWORD)), log);
        Repository repository = registry.uniqueRepository("basic");
        TestImage image = TestImage.oci(2, 100);

        ImageReference pushed = image.push(client, repository, "v1");

        assertThat(client.getManifest(pushed).bytes()).isEqualTo(image.manifest().bytes());
        assertThat(client.listTags(repository)).containsExactly("v1");
        // one challenge answered for a real request; the plain-HTTP probe of /v2/ that chose http (after the TLS ping
        // failed) is answered 401 by this registry too, and only decides the scheme
        assertThat(log.exchanges()).filteredOn(e -> e.status() == 401 && e.kind() != RequestLog.Kind.PING).hasSize(1);
        // after the first, challenged, request every request carries credentials without being asked
        assertThat(log.exchanges().stream().filter(e -> e.kind() != RequestLog.Kind.PING).skip(1))
                .allMatch(RequestLog.Exchange::authorized);
    }

    @Test
    void getManifest_wrongPassword_failsUnauthorizedWithoutRevealingIt() {
        String wrong = "wrong-password-123";
        HttpRegistryClient client = client(StaticCredentialProvider.of(registry.registry(), Credentials.basic(USER, wrong)), log());
        ImageReference reference = ImageReference.parse(registry.uniqueRepository("basic") + ":v1");

        assertThatThrownBy(() -> client.getManifest(reference))
                .isInstanceOfSatisfying(RegistryAuthException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REGISTRY_UNAUTHORIZED);
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.isTransient()).isFalse();
                })
                .hasMessage("fetch manifest " + reference + ": registry answered 401 UNAUTHORIZED (authentication required)"
                        + "; check credentials for " + registry.registry())
                .message().doesNotContain(wrong);
    }

    @Test
    void headManifest_withoutCredentials_hintsToLogIn() {
        HttpRegistryClient client = client(CredentialProvider.anonymous(), log());
        ImageReference reference = ImageReference.parse(registry.uniqueRepository("basic") + ":v1");

        assertThatThrownBy(() -> client.headManifest(reference))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessage("check manifest " + reference + ": registry answered 401 to a HEAD request, which carries no error body"
                        + "; no credentials for " + registry.registry() + "; log in or configure a pull secret");
    }

    @Test
    void pull_withDockerConfigKeyedByUrl_authenticates() {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String config = "{\"auths\":{\"http://" + registry.registry() + "/v2/\":{\"auth\":\"" + auth + "\"}}}";
        HttpRegistryClient client = client(DockerConfigCredentialProvider.parse(config, "test config.json"), log());
        Repository repository = registry.uniqueRepository("config");

        TestImage.docker(1, 10).push(client, repository, "v1");

        assertThat(client.headManifest(ImageReference.parse(repository + ":v1"))).isPresent();
    }
}

package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.PemKeys;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate-key-pair k8s://} and {@code --key k8s://} against fabric8's mock API server in CRUD mode. */
class KubernetesKeysTest {
    private KubernetesMockServer server;
    private KubernetesClient client;

    @TempDir
    Path dir;

    @BeforeEach
    void startApiServer() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    @AfterEach
    void stopApiServer() {
        client.close();
        server.destroy();
    }

    private CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SignetCommand.execute(Terminal.of(env), new Kubernetes(() -> client), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void generateKeyPair_k8s_createsTheImmutableSecretCosignCreates() throws Exception {
        CliRun run = run(Map.of("COSIGN_PASSWORD", "s3cret"), "generate-key-pair", "--output-dir", dir.toString(), "k8s://signing/cosign");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("Successfully created secret signing/cosign");
        Secret secret = client.secrets().inNamespace("signing").withName("cosign").get();
        assertThat(secret.getImmutable()).isTrue();
        assertThat(secret.getData()).containsOnlyKeys("cosign.key", "cosign.pub", "cosign.password");
        String password = decode(secret.getData().get("cosign.password"));
        assertThat(password).isEqualTo("s3cret");
        String pub = decode(secret.getData().get("cosign.pub"));
        assertThat(CosignEncryptedKey.decrypt(decode(secret.getData().get("cosign.key")), password.toCharArray(), "k").verificationKey())
                .isEqualTo(PemKeys.parsePublicKey(pub, "pub"));
        assertThat(Files.readString(dir.resolve("cosign.pub"))).isEqualTo(pub);
        assertThat(run.out() + run.err()).doesNotContain("s3cret");
    }

    @Test
    void generateKeyPair_k8s_alsoWritesThePublicKeyAloneForVerifiers() {
        CliRun run = run(Map.of("COSIGN_PASSWORD", "s3cret"), "generate-key-pair", "--output-dir", dir.toString(), "k8s://signing/cosign");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("Public key alone in secret signing/cosign-pub: name it in policies (k8s://signing/cosign-pub)");
        Secret pair = client.secrets().inNamespace("signing").withName("cosign").get();
        Secret publicOnly = client.secrets().inNamespace("signing").withName("cosign-pub").get();
        assertThat(publicOnly.getData()).as("no private key, no password").containsOnlyKeys("cosign.pub");
        assertThat(publicOnly.getImmutable()).isTrue();
        assertThat(decode(publicOnly.getData().get("cosign.pub"))).isEqualTo(decode(pair.getData().get("cosign.pub")));
        CliRun publicKey = run(Map.of(), "public-key", "--key", "k8s://signing/cosign");
        assertThat(publicKey.out()).isEqualTo(decode(publicOnly.getData().get("cosign.pub")));
    }

    @Test
    void publicKey_fromSecret_usesTheSecretsOwnPassword() {
        run(Map.of("COSIGN_PASSWORD", "s3cret"), "generate-key-pair", "--output-dir", dir.toString(), "k8s://signing/cosign");

        CliRun run = run(Map.of(), "public-key", "--key", "k8s://signing/cosign");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(decode(client.secrets().inNamespace("signing").withName("cosign").get().getData().get("cosign.pub")));
    }

    @Test
    void generateKeyPair_existingSecret_isRefusedAndKept() {
        run(Map.of("COSIGN_PASSWORD", "first"), "generate-key-pair", "--output-dir", dir.toString(), "k8s://signing/cosign");
        String before = client.secrets().inNamespace("signing").withName("cosign").get().getData().get("cosign.key");

        CliRun again = run(Map.of("COSIGN_PASSWORD", "second"), "generate-key-pair", "--output-dir", dir.resolve("other").toString(), "k8s://signing/cosign");

        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
        assertThat(client.secrets().inNamespace("signing").withName("cosign").get().getData().get("cosign.key")).isEqualTo(before);
    }

    @Test
    void keyFromMissingSecret_saysWhichSecret() {
        CliRun run = run(Map.of(), "public-key", "--key", "k8s://signing/absent");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("read key k8s://signing/absent: secret signing/absent not found");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}

package dev.signet.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.function.BooleanSupplier;

/**
 * fabric8's mock API server in CRUD mode (objects are stored, listed and watched as a real one would), one per test
 * so tests can run in parallel, with helpers to put Secrets in the shapes cosign and kubectl write.
 */
final class MockKubernetes implements AutoCloseable {
    /** Long enough for a slow CI machine, short enough that a broken test fails quickly. */
    static final Duration PROPAGATION = Duration.ofSeconds(5);

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private boolean serverStopped;

    MockKubernetes() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    KubernetesClient client() {
        return client;
    }

    /** The next {@code times} GETs of {@code pathAndQuery} answer 404, as the API server does for a kind whose CRD is absent. */
    void notFound(String pathAndQuery, int times) {
        server.expect().get().withPath(pathAndQuery).andReturn(404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}").times(times);
    }

    /** Creates a Secret with raw (not yet base64) values, as {@code kubectl create secret generic --from-file} would. */
    Secret putSecret(String namespace, String name, String type, Map<String, byte[]> data) {
        Secret secret = new SecretBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withType(type)
                .withData(encode(data))
                .build();
        return client.secrets().inNamespace(namespace).resource(secret).create();
    }

    /** Replaces a Secret's data, as an edit of a mutable Secret does; its resourceVersion changes. */
    void replaceData(String namespace, String name, Map<String, byte[]> data) {
        client.secrets().inNamespace(namespace).withName(name).edit(s -> new SecretBuilder(s).withData(encode(data)).build());
    }

    void deleteSecret(String namespace, String name) {
        client.secrets().inNamespace(namespace).withName(name).delete();
    }

    Secret getSecret(String namespace, String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    private static Map<String, String> encode(Map<String, byte[]> data) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((key, value) -> encoded.put(key, Base64.getEncoder().encodeToString(value)));
        return encoded;
    }

    /** A client for an API server that is not there: a loopback port nobody listens on, and no request retries. */
    static KubernetesClient unreachableClient() {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + port)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2_000)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Polls until {@code condition} holds, for changes that reach the informers through the watch. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + PROPAGATION + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Takes the API server away, as a network partition or a control-plane outage would. */
    void stopServer() {
        if (!serverStopped) {
            serverStopped = true;
            server.destroy();
        }
    }

    @Override
    public void close() {
        client.close();
        stopServer();
    }
}

package dev.signet.manifests;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock API server in CRUD mode (objects are stored, listed and watched as a real one would), recording the
 * requests of one client: the component under test gets {@link #underTest()}, whose requests carry their own
 * User-Agent, and fixtures are put in place with {@link #admin()}, whose requests are not counted.
 */
final class RecordingApiServer implements AutoCloseable {
    /** One request as the server received it. */
    record Call(String method, String target) {
        @Override
        public String toString() {
            return method + " " + target;
        }
    }

    private static final String USER_AGENT = "signet-under-test";
    /** A watch is opened just after the informer's first list returns; this long without requests means none is coming. */
    private static final long QUIET_MILLIS = 500;

    private final KubernetesMockServer server;
    private final KubernetesClient admin;
    private final KubernetesClient underTest;
    private final List<Call> calls = new ArrayList<>();

    RecordingApiServer() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        admin = server.createClient();
        underTest = server.createClient(builder -> builder.editOrNewConfig().withUserAgent(USER_AGENT).endConfig());
    }

    KubernetesClient admin() {
        return admin;
    }

    KubernetesClient underTest() {
        return underTest;
    }

    /** Every request {@link #underTest()} made so far, waiting until the server has been quiet for a moment. */
    List<Call> calls() {
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                if (USER_AGENT.equals(request.getHeader("User-Agent"))) {
                    calls.add(new Call(request.getMethod(), request.getPath()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while collecting requests", e);
        }
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        underTest.close();
        admin.close();
        server.destroy();
    }
}

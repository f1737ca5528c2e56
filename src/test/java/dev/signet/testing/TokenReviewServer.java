package dev.signet.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's mock API server answering {@code POST /apis/authentication.k8s.io/v1/tokenreviews} as a real one does:
 * a known token is authenticated for the audience it was issued for (status.audiences echoes it), any other token or
 * audience is not ({@code authenticated: false} with an error). {@link #forbid()} makes it answer 403, as an API server
 * does to a ServiceAccount without {@code create tokenreviews}.
 */
public final class TokenReviewServer implements AutoCloseable {
    private static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";

    private record Issued(String username, String audience) {
    }

    private final KubernetesMockServer server;
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger reviews = new AtomicInteger();
    private volatile boolean forbidden;

    public TokenReviewServer() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        server.expect().post().withPath(PATH).andReply(new Reviews()).always();
    }

    /** The cluster issues {@code token} to {@code username} for {@code audience}. */
    public TokenReviewServer issue(String token, String username, String audience) {
        tokens.put(token, new Issued(username, audience));
        return this;
    }

    public void forbid() {
        forbidden = true;
    }

    /** How many TokenReviews were asked. */
    public int reviews() {
        return reviews.get();
    }

    public String url() {
        return server.url("/");
    }

    public KubernetesClient client() {
        return server.createClient();
    }

    @Override
    public void close() {
        server.destroy();
    }

    private final class Reviews implements ResponseProvider<Object> {
        private Headers headers = new Headers.Builder().build();

        @Override
        public int getStatusCode(RecordedRequest request) {
            return forbidden ? 403 : 201;
        }

        @Override
        public Object getBody(RecordedRequest request) {
            reviews.incrementAndGet();
            if (forbidden) {
                return Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "reason", "Forbidden", "code", 403,
                        "message", "tokenreviews.authentication.k8s.io is forbidden: User \"system:serviceaccount:signet-system:signet-admission\" "
                                + "cannot create resource \"tokenreviews\" in API group \"authentication.k8s.io\" at the cluster scope");
            }
            JsonNode spec;
            try {
                spec = Json.mapper().readTree(request.getUtf8Body()).path("spec");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Issued issued = tokens.get(spec.path("token").asText());
            List<String> audiences = Json.mapper().convertValue(spec.path("audiences"), List.class);
            Map<String, Object> status;
            if (issued == null) {
                status = Map.of("authenticated", false, "error", "[invalid bearer token, square/go-jose: error in cryptographic primitive]");
            } else if (!audiences.contains(issued.audience())) {
                status = Map.of("authenticated", false, "error", "[invalid bearer token, token audiences [\"" + issued.audience()
                        + "\"] is invalid for the target audiences " + audiences + "]");
            } else {
                status = Map.of("authenticated", true, "audiences", List.of(issued.audience()),
                        "user", Map.of("username", issued.username(), "groups", List.of("system:serviceaccounts", "system:authenticated")));
            }
            return Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview", "spec", Map.of("audiences", audiences), "status", status);
        }

        @Override
        public Headers getHeaders() {
            return headers;
        }

        @Override
        public void setHeaders(Headers headers) {
            this.headers = headers;
        }
    }
}

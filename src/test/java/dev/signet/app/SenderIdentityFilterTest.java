package dev.signet.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.events.EventTypes;
import dev.signet.testing.TokenReviewServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 10: with sender identity required (the production profile), a CloudEvent reaches a function only with
 * an allowed sender's token for the Service's audience, checked by a TokenReview against the (mock) API server; every
 * other request is answered by the filter before the function runs, so an unauthenticated {@code image.pushed} is
 * never signed. Health and the ingest and admission endpoints keep their own rules.
 */
@QuarkusTest
@TestProfile(SenderIdentityFilterTest.Required.class)
class SenderIdentityFilterTest {
    private static final String TRIGGER = "system:serviceaccount:signet-system:signet-signer-image-pushed-oidc-eventing.knative.dev-trigger";
    /** A push that the embedded signing rule (127.0.0.1:* only) skips: reaching the function is a skipped reply. */
    private static final String SKIPPED_PUSH = "{\"registry\":\"registry.example.com\",\"repository\":\"team/app\",\"tag\":\"v1\","
            + "\"digest\":\"sha256:" + "a".repeat(64) + "\",\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"upstream\":{\"kind\":\"test\",\"id\":\"1\"}}";
    /** A push the rule would sign, on a registry port nothing listens on: reaching the function is a failure reply. */
    private static final String SIGNABLE_PUSH = "{\"registry\":\"127.0.0.1:9\",\"repository\":\"signed/app\",\"tag\":\"v1\","
            + "\"digest\":\"sha256:" + "b".repeat(64) + "\",\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"upstream\":{\"kind\":\"test\",\"id\":\"2\"}}";

    public static final class Required implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "signet.events.senders.required", "true",
                    "signet.events.senders.audience", "signet-signer",
                    "signet.events.senders.allowed", "system:serviceaccount:signet-system:*");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ApiServer.class));
        }
    }

    /** The API server the app's KubernetesClient talks to, issuing the tokens the tests send. */
    public static final class ApiServer implements QuarkusTestResourceLifecycleManager {
        static volatile TokenReviewServer server;

        @Override
        public Map<String, String> start() {
            server = new TokenReviewServer()
                    .issue("trigger-token", TRIGGER, "signet-signer")
                    .issue("other-audience-token", TRIGGER, "signet-verifier")
                    .issue("stranger-token", "system:serviceaccount:default:default", "signet-signer");
            // quarkus.kubernetes-client.api-server-url is fixed at build time; fabric8's own auto-configuration, which
            // the Quarkus client starts from, reads these system properties at runtime
            System.setProperty("kubernetes.master", server.url());
            System.setProperty("kubernetes.auth.tryKubeConfig", "false");
            System.setProperty("kubernetes.auth.tryServiceAccount", "false");
            return Map.of();
        }

        @Override
        public void stop() {
            System.clearProperty("kubernetes.master");
            System.clearProperty("kubernetes.auth.tryKubeConfig");
            System.clearProperty("kubernetes.auth.tryServiceAccount");
            server.close();
        }
    }

    private static ExtractableResponse<Response> post(String token, String data) {
        var request = given().contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", "e-" + System.nanoTime())
                .header("ce-type", EventTypes.IMAGE_PUSHED).header("ce-source", "/test");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.body(data).post("/").then().extract();
    }

    @Test
    void noToken_is401_andTheFunctionNeverRuns() {
        ExtractableResponse<Response> reply = post(null, SIGNABLE_PUSH);
        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.header("ce-type")).isNull();
        assertThat(reply.jsonPath().getString("error")).startsWith("authenticate event sender: the request carries no bearer token");
    }

    @Test
    void tokenOfAnotherAudience_is401() {
        ExtractableResponse<Response> reply = post("other-audience-token", SIGNABLE_PUSH);
        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.header("ce-type")).isNull();
        assertThat(reply.jsonPath().getString("error")).contains("did not accept the token for audience signet-signer");
    }

    @Test
    void authenticatedStranger_is403() {
        ExtractableResponse<Response> reply = post("stranger-token", SIGNABLE_PUSH);
        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(reply.header("ce-type")).isNull();
        assertThat(reply.jsonPath().getString("error")).contains("system:serviceaccount:default:default: not an allowed sender");
    }

    @Test
    void triggersToken_reachesTheFunction_withItsBody() {
        ExtractableResponse<Response> reply = post("trigger-token", SKIPPED_PUSH);
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.header("ce-type")).isEqualTo(EventTypes.IMAGE_SIGNING_SKIPPED);
        assertThat(reply.header("ce-subject")).isEqualTo("registry.example.com/team/app@sha256:" + "a".repeat(64));
    }

    @Test
    void oneReviewPerToken_notPerEvent() {
        post("trigger-token", SKIPPED_PUSH);
        int before = ApiServer.server.reviews();
        for (int i = 0; i < 5; i++) {
            assertThat(post("trigger-token", SKIPPED_PUSH).statusCode()).isEqualTo(200);
        }
        assertThat(ApiServer.server.reviews()).isEqualTo(before);
    }

    @Test
    void healthNeedsNoToken() {
        assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void ingestKeepsItsOwnAuthentication_notTheSendersCheck() {
        int status = given().contentType("application/json").body("{}").post("/ingest/distribution").statusCode();
        assertThat(status).isNotIn(401, 403).as("the embedded default has no ingest secret and does not require one");
    }
}

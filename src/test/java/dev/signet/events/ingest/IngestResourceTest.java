package dev.signet.events.ingest;

import static dev.signet.events.ingest.WebhookFixtures.bytes;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.signet.events.ImagePushedData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoints over HTTP, as registries call them: each fixture posted once (the dedupe window spans the whole
 * class), answers checked for status and JSON body, and what reached the {@link PushSink} checked too.
 */
@QuarkusTest
@TestProfile(IngestTestProfile.class)
class IngestResourceTest {
    private static final String BEARER = "Bearer " + IngestTestProfile.SHARED_SECRET;
    private static final String ENVELOPE_V2 = "application/vnd.docker.distribution.events.v2+json";

    @Inject
    RecordingPushSinkBean sink;

    @BeforeEach
    void clearSink() {
        sink.clear();
    }

    @Test
    void distribution_pushUnderTwoTags_answers202AndHandsOverOnePush() {
        given().header("Authorization", BEARER).contentType(ENVELOPE_V2).body(bytes("distribution/push-tags.json"))
                .when().post("/ingest/distribution")
                .then().statusCode(202).contentType(containsString("application/json"))
                .body("accepted", equalTo(1)).body("duplicates", equalTo(1));

        assertThat(sink.pushes()).extracting(ImagePushedData::subject).containsExactly(
                "registry.example.com:5000/team/app@sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf");
        assertThat(sink.pushes().get(0).upstream()).isEqualTo(
                new ImagePushedData.Upstream("distribution", "8b7c0f4e-2b1a-4c55-9f8e-5a1b2c3d4e01"));
    }

    @Test
    void distribution_pullEvents_answers202WithNothingAccepted() {
        given().header("Authorization", BEARER).contentType("application/vnd.docker.distribution.events.v1+json")
                .body(bytes("distribution/pull.json"))
                .when().post("/ingest/distribution")
                .then().statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(0));

        assertThat(sink.pushes()).isEmpty();
    }

    @Test
    void distribution_withoutTheSharedSecret_answers401WithoutAHint() {
        given().contentType(ENVELOPE_V2).body(bytes("distribution/push-index.json"))
                .when().post("/ingest/distribution")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", equalTo("authenticate ingest request: missing or wrong Authorization header"))
                .body(not(containsString(IngestTestProfile.SHARED_SECRET)));

        assertThat(sink.pushes()).isEmpty();
    }

    @Test
    void distribution_malformedJson_answers400WithTheReason() {
        given().header("Authorization", BEARER).contentType(ENVELOPE_V2).body(bytes("distribution/truncated.json"))
                .when().post("/ingest/distribution")
                .then().statusCode(400).body("error", startsWith("parse distribution notification: malformed JSON at line"));
    }

    @Test
    void distribution_foreignContentType_answers415() {
        given().header("Authorization", BEARER).contentType("text/plain").body(bytes("distribution/push-index.json"))
                .when().post("/ingest/distribution")
                .then().statusCode(415).body("error", containsString("is not a notification envelope"));
    }

    @Test
    void harbor_documentedPush_answers202WithTheBareTokenAccepted() {
        given().header("Authorization", IngestTestProfile.SHARED_SECRET).contentType("application/json")
                .body(bytes("harbor/push-artifact.json"))
                .when().post("/ingest/harbor")
                .then().statusCode(202).body("accepted", equalTo(1));

        assertThat(sink.pushes()).singleElement().satisfies(push -> {
            assertThat(push.subject()).isEqualTo(
                    "hub.harbor.com/test-webhook/debian@sha256:8a9e9863dbb6e10edb5adfe917c00da84e1700fa76e7ed02476aa6e6fb8ee0d8");
            assertThat(push.tag()).isEqualTo("latest");
        });
    }

    @Test
    void harbor_cloudEventsFormat_answers400PointingAtTheFix() {
        given().header("Authorization", BEARER).contentType("application/json").body(bytes("harbor/cloudevents-format.json"))
                .when().post("/ingest/harbor")
                .then().statusCode(400).body("error", containsString("set the Harbor webhook's payload format to Default"));
    }

    @Test
    void quay_repoPush_answers202WithTheResolvedDigest() {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("quay:" + IngestTestProfile.SHARED_SECRET).getBytes(StandardCharsets.UTF_8));

        given().header("Authorization", basic).contentType("application/json").body(bytes("quay/repo-push.json"))
                .when().post("/ingest/quay")
                .then().statusCode(202).body("accepted", equalTo(1));

        assertThat(sink.pushes()).extracting(ImagePushedData::subject)
                .containsExactly("quay.io/dgangaia/test@" + ScriptedTagResolverBean.QUAY_LATEST);
    }

    @Test
    void quay_registryUnavailable_answers503WithRetryAfter() {
        given().header("Authorization", BEARER).contentType("application/json").body(bytes("quay/repo-push-legacy.json"))
                .when().post("/ingest/quay")
                .then().statusCode(503).header("Retry-After", equalTo("30"))
                .body("error", startsWith("head manifest quay.io/devtable/ubuntu:latest"));
    }

    @Test
    void dockerhub_documentedPush_answers202WithTheResolvedDigest() {
        given().header("Authorization", BEARER).contentType("application/json").body(bytes("dockerhub/push.json"))
                .when().post("/ingest/dockerhub")
                .then().statusCode(202).body("accepted", equalTo(1));

        assertThat(sink.pushes()).extracting(ImagePushedData::subject)
                .containsExactly("docker.io/svendowideit/testhook@" + ScriptedTagResolverBean.DOCKER_HUB_LATEST);
    }

    @Test
    void dockerhub_missingTag_answers400() {
        given().header("Authorization", BEARER).contentType("application/json").body(bytes("dockerhub/missing-tag.json"))
                .when().post("/ingest/dockerhub")
                .then().statusCode(400).body("error", equalTo("parse docker hub webhook push_data.tag: is missing"));
    }

    @Test
    void github_signedDelivery_answers202WithoutTheSharedSecret() {
        byte[] body = bytes("github/registry-package-published.json");

        given().header("X-GitHub-Event", "registry_package").header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
                .header(GitHubSignature.HEADER, GitHubSignature.sign(IngestTestProfile.GITHUB_SECRET, body))
                .contentType("application/json").body(body)
                .when().post("/ingest/github")
                .then().statusCode(202).body("accepted", equalTo(1));

        assertThat(sink.pushes()).singleElement().satisfies(push -> {
            assertThat(push.subject()).startsWith("ghcr.io/codertocat/hello-world@sha256:b7607c3d");
            assertThat(push.upstream().id()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        });
    }

    @Test
    void github_formEncodedDeliveryOfRealSize_answers202() {
        // found by fuzzing (http.ingest): Quarkus decoded the form first and refused any field over 2K with a 400, so
        // GitHub's default content type never reached the parser
        String json = new String(bytes("github/package-published-untagged.json"), StandardCharsets.UTF_8);
        byte[] form = ("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);

        given().header("X-GitHub-Event", "package").header(GitHubSignature.HEADER, GitHubSignature.sign(IngestTestProfile.GITHUB_SECRET, form))
                .contentType("application/x-www-form-urlencoded").body(new String(form, StandardCharsets.US_ASCII))
                .when().post("/ingest/github")
                .then().statusCode(202).body("accepted", equalTo(1));
    }

    @Test
    void github_wrongSignature_answers401() {
        byte[] body = bytes("github/package-published-untagged.json");

        given().header("X-GitHub-Event", "package").header(GitHubSignature.HEADER, GitHubSignature.sign("not-the-secret", body))
                .contentType("application/json").body(body)
                .when().post("/ingest/github")
                .then().statusCode(401).body("error", equalTo("authenticate github webhook: missing or wrong X-Hub-Signature-256"));

        assertThat(sink.pushes()).isEmpty();
    }

    @Test
    void anyEndpoint_emptyBody_answers400AtOnce() {
        // found by fuzzing (http.ingest): Quarkus REST's request stream never ended for an empty body, so the request
        // hung until the read timeout
        given().header("Authorization", BEARER).contentType("application/json").body(new byte[0])
                .when().post("/ingest/harbor")
                .then().statusCode(400).body("error", equalTo("parse harbor webhook payload: body is empty"));
    }

    @Test
    void anyEndpoint_bodyOverTheConfiguredLimit_answers413() {
        byte[] big = new byte[65 * 1024];
        Arrays.fill(big, (byte) ' ');

        given().header("Authorization", BEARER).contentType("application/json").body(big)
                .when().post("/ingest/harbor")
                .then().statusCode(413).body("error", equalTo("read harbor webhook: body is larger than the limit of 65536 bytes"));
    }
}

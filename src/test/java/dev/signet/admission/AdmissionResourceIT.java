package dev.signet.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.Images;
import dev.signet.testing.SignetAppResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The webhook adapter in the running app, in-process verifier, file policy ({@link SignetAppResource#POLICY}),
 * real registry and real signatures: what the API server would see.
 */
@QuarkusTest
@QuarkusTestResource(value = SignetAppResource.class, restrictToAnnotatedClass = false)
class AdmissionResourceIT {
    @TestHTTPResource("/")
    URL admission;

    private final HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());

    private ImageReference pushSigned(String path) {
        Repository repository = SignetAppResource.registry().uniqueRepository(path);
        RawManifest manifest = Images.pushRandom(client, repository, "v1");
        ImageReference image = ImageReference.of(repository, Tag.parse("v1"));
        new ImageSigner(client, Clock.systemUTC()).sign(SigningRequest.of(image.withDigest(manifest.digest()), SignetAppResource.key()));
        return image;
    }

    private ImageReference pushUnsigned(String path) {
        Repository repository = SignetAppResource.registry().uniqueRepository(path);
        Images.pushRandom(client, repository, "v1");
        return ImageReference.of(repository, Tag.parse("v1"));
    }

    private static Response post(String path, String body) {
        return given().contentType("application/json").body(body).when().post(path);
    }

    @Test
    void signedPod_isAllowed_andTheMutatingPathPinsTheVerifiedDigest() throws Exception {
        ImageReference image = pushSigned("signed/web");
        String uid = UUID.randomUUID().toString();
        String review = AdmissionReviewsFixture.pod(uid, "default", "", image.toString());

        post("/admission/validate", review).then().statusCode(200)
                .body("apiVersion", equalTo("admission.k8s.io/v1")).body("kind", equalTo("AdmissionReview"))
                .body("response.uid", equalTo(uid)).body("response.allowed", equalTo(true)).body("response.patch", nullValue());
        Response mutate = post("/admission/mutate", review);

        mutate.then().statusCode(200).body("response.allowed", equalTo(true)).body("response.patchType", equalTo("JSONPatch"));
        JsonNode patch = Json.mapper().readTree(Base64.getDecoder().decode(mutate.path("response.patch").toString()));
        RawManifest stored = client.getManifest(image);
        assertThat(patch.toString()).isEqualTo("[{\"op\":\"replace\",\"path\":\"/spec/containers/0/image\",\"value\":\"" + image + "@" + stored.digest() + "\"}]");
    }

    @Test
    void unsignedPod_isDeniedWith403NamingImagePolicyAndCause() {
        ImageReference image = pushUnsigned("unsigned/web");
        String uid = UUID.randomUUID().toString();

        post("/admission/validate", AdmissionReviewsFixture.pod(uid, "default", "", image.toString())).then().statusCode(200)
                .body("response.uid", equalTo(uid)).body("response.allowed", equalTo(false))
                .body("response.status.code", equalTo(403))
                .body("response.status.message", containsString("image " + image + " (sha256:"))
                .body("response.status.message", containsString("policy signed-only, verifyImages[0], attestors[0].entries[0]: no signatures found"));
    }

    @Test
    void deploymentWithAnUnsignedInitContainer_isDeniedWhenApplied() {
        ImageReference image = pushUnsigned("unsigned/init");

        post("/admission/validate", AdmissionReviewsFixture.deployment(UUID.randomUUID().toString(), "default", image.toString())).then()
                .body("response.allowed", equalTo(false)).body("response.status.message", containsString(image.toString()));
    }

    @Test
    void anAnnotationClaimingVerification_isIgnored() {
        ImageReference image = pushUnsigned("unsigned/claims");
        String claims = "\"kyverno.io/verify-images\":\"{\\\"" + image + "\\\":\\\"pass\\\"}\",\"signet.dev/verified\":\"true\"";

        post("/admission/validate", AdmissionReviewsFixture.pod(UUID.randomUUID().toString(), "default", claims, image.toString())).then()
                .body("response.allowed", equalTo(false));
    }

    @Test
    void imagesNoPolicyCovers_areAllowed() {
        ImageReference image = pushUnsigned("elsewhere/web");

        post("/admission/validate", AdmissionReviewsFixture.pod(UUID.randomUUID().toString(), "default", "", image.toString())).then()
                .body("response.allowed", equalTo(true));
    }

    @Test
    void aKindWithoutPodSpec_isAllowedUntouched() {
        String review = AdmissionReviewsFixture.review("cm-1", "\"\",\"version\":\"v1\",\"kind\":\"ConfigMap\"", "configmaps", "default", "c",
                "{\"kind\":\"ConfigMap\",\"data\":{\"a\":\"b\"}}", false);

        post("/admission/mutate", review).then().statusCode(200).body("response.uid", equalTo("cm-1"))
                .body("response.allowed", equalTo(true)).body("response.patch", nullValue());
    }

    @Test
    void aBodyThatIsNotAnAdmissionReview_gets400WithTheReason() {
        post("/admission/validate", "{\"kind\":\"Pod\"}").then().statusCode(400)
                .body("message", equalTo("read admission request body: not an admission.k8s.io/v1 AdmissionReview (apiVersion \"\", kind \"Pod\")"));
        post("/admission/validate", "not json").then().statusCode(400).body("message", containsString("read admission request body: not JSON"));
        post("/admission/mutate", "[1,2]").then().statusCode(400).body("message", containsString("not a JSON object"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/admission/mutate", "/admission/validate"})
    void anEmptyBody_gets400Promptly(String path) throws Exception {
        // HTTP/1.1: over cleartext HTTP/2 (h2c upgrade) Vert.x itself answers an empty POST with 500 before any
        // handler runs ("Request has already been read"); the API server calls over TLS, where this does not arise
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(admission.toURI().resolve(path))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("read request " + path + ": the body is empty");
    }

    @Test
    void aMalformedPodSpecWithAUid_isAnsweredWithTheUidAndDeniedUnderFail() {
        String review = AdmissionReviewsFixture.review("bad-1", "\"\",\"version\":\"v1\",\"kind\":\"Pod\"", "pods", "default", "p",
                "{\"kind\":\"Pod\",\"spec\":{\"containers\":\"nginx\"}}", false);

        post("/admission/validate", review).then().statusCode(200).body("response.uid", equalTo("bad-1"))
                .body("response.allowed", equalTo(false)).body("response.status.message", containsString("/spec/containers is not a list"));
    }

    @Test
    void aReviewWithoutUid_gets400() {
        String review = AdmissionReviewsFixture.review("", "\"\",\"version\":\"v1\",\"kind\":\"Pod\"", "pods", "default", "p", "{}", false);

        post("/admission/validate", review).then().statusCode(400).body("message", equalTo("read admission request AdmissionReview: request.uid is empty"));
    }

    @Test
    void metrics_countVerdictsByResultAndPolicy() {
        ImageReference image = pushUnsigned("unsigned/metrics");
        post("/admission/validate", AdmissionReviewsFixture.pod(UUID.randomUUID().toString(), "default", "", image.toString()));

        String metrics = given().when().get("/q/metrics").asString();

        assertThat(metrics).contains("signet_admission_verdicts_total{result=\"denied\"}")
                .contains("signet_policy_results_total{policy=\"signed-only\",result=\"fail\"}")
                .contains("signet_verdict_cache_requests_total{result=\"miss\"}")
                .contains("signet_verification_duration_seconds_bucket");
    }
}

package dev.signet.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.admission.RemoteVerifier;
import dev.signet.events.EventTypes;
import dev.signet.events.outbound.AdmissionVerdictData;
import dev.signet.json.Json;
import dev.signet.oci.RawManifest;
import dev.signet.policy.VerdictCache;
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
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The verifier functions as Knative delivers to them (binary CloudEvents on {@code /}), the remote-verifier path of
 * the adapter against them, and pre-warming from a signing in this process.
 */
@QuarkusTest
@QuarkusTestResource(value = SignetAppResource.class, restrictToAnnotatedClass = false)
class VerificationFunctionsIT {
    private final HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());

    @TestHTTPResource("/")
    URL root;

    @Inject
    VerdictCache cache;

    private static ExtractableResponse<Response> postBinary(String type, String id, String body, Map<String, String> extensions) {
        var request = given().contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", type).header("ce-source", "/test");
        extensions.forEach((name, value) -> request.header("ce-" + name, value));
        return request.body(body).post("/").then().extract();
    }

    private ImageReference push(String path, boolean signed) {
        Repository repository = SignetAppResource.registry().uniqueRepository(path);
        RawManifest manifest = Images.pushRandom(client, repository, "v1");
        ImageReference image = ImageReference.of(repository, Tag.parse("v1"));
        if (signed) {
            new ImageSigner(client, Clock.systemUTC()).sign(SigningRequest.of(image.withDigest(manifest.digest()), SignetAppResource.key()));
        }
        return image;
    }

    private static String requestData(String uid, boolean dryRun, ImageReference image) {
        // as the mutating webhook asks: absent, mutating means the validating webhook, which never pins
        return "{\"uid\":\"" + uid + "\",\"operation\":\"CREATE\",\"dryRun\":" + dryRun + ",\"mutating\":true,\"namespace\":\"shop\",\"kind\":\"Pod\",\"name\":\"web\","
                + "\"object\":{\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" + image + "\"}]}}}";
    }

    @Test
    void admissionRequested_unsigned_repliesDeniedWithUidAndCausation() {
        ImageReference image = push("unsigned/fn", false);
        String id = UUID.randomUUID().toString();

        ExtractableResponse<Response> reply = postBinary(EventTypes.ADMISSION_REQUESTED, id, requestData("uid-1", false, image), Map.of("correlationid", "c-7"));

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.header("ce-type")).isEqualTo(EventTypes.ADMISSION_DENIED);
        assertThat(reply.header("ce-admissionuid")).isEqualTo("uid-1");
        assertThat(reply.header("ce-dryrun")).isEqualTo("false");
        assertThat(reply.header("ce-causationid")).isEqualTo(id);
        assertThat(reply.header("ce-correlationid")).isEqualTo("c-7");
        assertThat(reply.header("ce-subject")).isEqualTo("shop/Pod/web");
        assertThat(reply.jsonPath().getBoolean("allowed")).isFalse();
        assertThat(reply.jsonPath().getString("images[0].result")).isEqualTo("fail");
        assertThat(reply.jsonPath().getString("images[0].policy")).isEqualTo("signed-only");
        assertThat(reply.jsonPath().getString("images[0].rule")).isEqualTo("verifyImages[0], attestors[0].entries[0]");
        assertThat(reply.jsonPath().getString("message")).contains("image " + image + " (sha256:");
    }

    @Test
    void admissionRequested_signedDryRun_repliesAllowedMarkedDryRunWithPatch() {
        ImageReference image = push("signed/fn", true);

        ExtractableResponse<Response> reply = postBinary(EventTypes.ADMISSION_REQUESTED, "e-2", requestData("uid-2", true, image), Map.of());

        assertThat(reply.header("ce-type")).isEqualTo(EventTypes.ADMISSION_ALLOWED);
        assertThat(reply.header("ce-dryrun")).isEqualTo("true");
        assertThat(reply.jsonPath().getBoolean("dryRun")).isTrue();
        assertThat(reply.jsonPath().getString("patch[0].path")).isEqualTo("/spec/containers/0/image");
        assertThat(reply.jsonPath().getString("patch[0].value")).startsWith(image + "@sha256:");
    }

    @Test
    void admissionRequested_malformedData_isDeniedWithTheReason_notRetried() {
        ExtractableResponse<Response> reply = postBinary(EventTypes.ADMISSION_REQUESTED, "e-3", "{\"operation\":\"CREATE\"}", Map.of());

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.header("ce-type")).isEqualTo(EventTypes.ADMISSION_DENIED);
        assertThat(reply.jsonPath().getString("message")).contains("request.uid is missing");
    }

    @Test
    void imageVerificationRequested_ciGate() {
        ImageReference signed = push("signed/gate", true);
        ImageReference unsigned = push("unsigned/gate", false);
        ImageReference uncovered = push("elsewhere/gate", false);

        ExtractableResponse<Response> pass = postBinary(EventTypes.IMAGE_VERIFICATION_REQUESTED, "v-1", "{\"image\":\"" + signed + "\"}", Map.of());
        ExtractableResponse<Response> fail = postBinary(EventTypes.IMAGE_VERIFICATION_REQUESTED, "v-2",
                "{\"image\":\"" + unsigned + "\",\"policy\":\"signed-only\"}", Map.of());
        ExtractableResponse<Response> skip = postBinary(EventTypes.IMAGE_VERIFICATION_REQUESTED, "v-3", "{\"image\":\"" + uncovered + "\"}", Map.of());

        assertThat(pass.header("ce-type")).isEqualTo(EventTypes.IMAGE_VERIFIED);
        assertThat(pass.header("ce-subject")).startsWith(signed.context() + "@sha256:");
        assertThat(pass.jsonPath().getString("results[0].result")).isEqualTo("pass");
        assertThat(fail.header("ce-type")).isEqualTo(EventTypes.IMAGE_VERIFICATION_FAILED);
        assertThat(fail.jsonPath().getString("message")).contains("no signatures found");
        assertThat(skip.header("ce-type")).as("no policy covers it: not a proof").isEqualTo(EventTypes.IMAGE_VERIFICATION_FAILED);
    }

    @Test
    void remoteVerifier_speaksBinaryCloudEventsToTheFunction() {
        ImageReference signed = push("signed/remote", true);
        ImageReference unsigned = push("unsigned/remote", false);
        RemoteVerifier remote = new RemoteVerifier(HttpClient.newHttpClient(), URI.create(root.toString()), "/signet/admission");

        AdmissionVerdictData allowed = remote.verify(new AdmissionRequested("r-1", "CREATE", false, "shop", "Pod", "web",
                Json.mapper().valueToTree(Map.of("spec", Map.of("containers", List.of(Map.of("name", "w", "image", signed.toString())))))).forWebhook(true),
                "corr", Duration.ofSeconds(5));
        AdmissionVerdictData denied = remote.verify(new AdmissionRequested("r-2", "CREATE", false, "shop", "Pod", "web",
                Json.mapper().valueToTree(Map.of("spec", Map.of("containers", List.of(Map.of("name", "w", "image", unsigned.toString())))))),
                "corr", Duration.ofSeconds(5));

        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.uid()).isEqualTo("r-1");
        assertThat(allowed.patch()).singleElement().satisfies(op -> assertThat(op.value()).startsWith(signed + "@sha256:"));
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.message()).contains("no signatures found");
    }

    @Test
    void imageSigned_event_preWarmsTheCache() throws Exception {
        ImageReference image = push("signed/prewarm", true);
        RawManifest manifest = client.getManifest(image);
        long misses = cache.misses();

        ExtractableResponse<Response> reply = postBinary(EventTypes.IMAGE_SIGNED, "s-1",
                "{\"image\":\"" + image.context() + "\",\"digest\":\"" + manifest.digest() + "\"}", Map.of());
        assertThat(reply.statusCode()).isBetween(200, 204);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cache.misses() == misses && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        long hits = cache.hits();

        ExtractableResponse<Response> admission = postBinary(EventTypes.ADMISSION_REQUESTED, "a-1", requestData("uid-p", false, image), Map.of());

        assertThat(admission.header("ce-type")).isEqualTo(EventTypes.ADMISSION_ALLOWED);
        assertThat(cache.hits() + cache.coalesced()).as("the first admission of the freshly signed image is served by the warmed cache")
                .isGreaterThan(hits);
    }
}

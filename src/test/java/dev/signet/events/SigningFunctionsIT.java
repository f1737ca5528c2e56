package dev.signet.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.testing.FaultInjectingProxy;
import dev.signet.testing.Images;
import dev.signet.testing.SignetAppResource;
import dev.signet.verification.ImageVerifier;
import dev.signet.verification.VerificationRequest;
import dev.signet.verification.VerificationResult;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The signer functions over HTTP, as Knative delivers to them: binary and structured CloudEvents posted to
 * {@code /}, against the real registry.
 */
@QuarkusTest
@QuarkusTestResource(value = SignetAppResource.class, restrictToAnnotatedClass = false)
class SigningFunctionsIT {
    private final HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());

    private static ExtractableResponse<Response> postBinary(String type, String id, String body, Map<String, String> extensions) {
        var request = given().contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", type).header("ce-source", "/test");
        extensions.forEach((name, value) -> request.header("ce-" + name, value));
        return request.body(body).post("/").then().extract();
    }

    private static String pushedData(Repository repository, RawManifest image, String tag) {
        return "{\"registry\":\"" + repository.registry() + "\",\"repository\":\"" + repository.path() + "\",\"tag\":\"" + tag
                + "\",\"digest\":\"" + image.digest() + "\",\"mediaType\":\"" + image.mediaType() + "\",\"upstream\":{\"kind\":\"test\",\"id\":\"1\"}}";
    }

    private VerificationResult verify(Repository repository, RawManifest image) {
        return new ImageVerifier(client).verify(VerificationRequest.of(ImageReference.of(repository, image.digest()),
                List.of(SignetAppResource.key().verificationKey())).withLayouts(EnumSet.of(SignatureLayout.LEGACY)));
    }

    @Test
    void imagePushed_binaryMode_signsAndRepliesImageSigned() {
        Repository repository = SignetAppResource.registry().uniqueRepository("signed");
        RawManifest image = Images.pushRandom(client, repository, "v1");
        String id = UUID.randomUUID().toString();

        ExtractableResponse<Response> reply = postBinary(EventTypes.IMAGE_PUSHED, id, pushedData(repository, image, "v1"), Map.of("correlationid", "corr-1"));

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.header("ce-type")).isEqualTo(EventTypes.IMAGE_SIGNED);
        assertThat(reply.header("ce-source")).isEqualTo("/signet/signer");
        assertThat(reply.header("ce-subject")).isEqualTo(repository + "@" + image.digest());
        assertThat(reply.header("ce-causationid")).isEqualTo(id);
        assertThat(reply.header("ce-correlationid")).isEqualTo("corr-1");
        assertThat(reply.jsonPath().getString("digest")).isEqualTo(image.digest().toString());
        assertThat(reply.jsonPath().getString("signatureRef")).isEqualTo(repository + ":" + SignatureTags.signature(image.digest()));
        assertThat(reply.jsonPath().getString("keyId")).isEqualTo(SignetAppResource.key().verificationKey().hint());
        assertThat(reply.jsonPath().getBoolean("alreadySigned")).isFalse();
        assertThat(verify(repository, image).outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
    }

    @Test
    void imagePushed_structuredModeTwiceAndUnderASecondTag_storesOneSignature() {
        Repository repository = SignetAppResource.registry().uniqueRepository("signed");
        RawManifest image = Images.pushRandom(client, repository, "v1");
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        String lastType = null;
        boolean lastAlready = false;
        for (String tag : List.of("v1", "v1", "stable")) {
            CloudEvent event = CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withType(EventTypes.IMAGE_PUSHED)
                    .withSource(URI.create("/test")).withDataContentType("application/json")
                    .withData(pushedData(repository, image, tag).getBytes(StandardCharsets.UTF_8)).build();
            ExtractableResponse<Response> reply = given().contentType(JsonFormat.CONTENT_TYPE).body(format.serialize(event)).post("/").then().extract();
            assertThat(reply.statusCode()).isEqualTo(200);
            lastType = reply.header("ce-type") != null ? reply.header("ce-type") : reply.jsonPath().getString("type");
            lastAlready = reply.header("ce-type") != null ? reply.jsonPath().getBoolean("alreadySigned") : reply.jsonPath().getBoolean("data.alreadySigned");
        }

        assertThat(lastType).isEqualTo(EventTypes.IMAGE_SIGNED);
        assertThat(lastAlready).isTrue();
        RawManifest signatures = client.getManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest()))));
        assertThat(SignatureManifest.signatureLayers(signatures, "sig")).hasSize(1);
    }

    @Test
    void imagePushed_noMatchingRule_isSkippedNotSigned() {
        Repository repository = SignetAppResource.registry().uniqueRepository("unsigned");
        RawManifest image = Images.pushRandom(client, repository, "v1");

        ExtractableResponse<Response> reply = postBinary(EventTypes.IMAGE_PUSHED, "e-skip", pushedData(repository, image, "v1"), Map.of());

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.header("ce-type")).isEqualTo(EventTypes.IMAGE_SIGNING_SKIPPED);
        assertThat(reply.jsonPath().getString("reason")).isEqualTo("no-matching-rule");
        assertThat(verify(repository, image).outcome()).isEqualTo(VerificationResult.Outcome.NO_SIGNATURES);
    }

    @Test
    void signaturePush_isNeverSigned() {
        Repository repository = SignetAppResource.registry().uniqueRepository("signed");
        RawManifest image = Images.pushRandom(client, repository, "v1");
        postBinary(EventTypes.IMAGE_PUSHED, "e-1", pushedData(repository, image, "v1"), Map.of());
        String sigTag = SignatureTags.signature(image.digest());
        RawManifest signatureManifest = client.getManifest(ImageReference.of(repository, Tag.parse(sigTag)));

        ExtractableResponse<Response> byTag = postBinary(EventTypes.IMAGE_PUSHED, "e-2", pushedData(repository, signatureManifest, sigTag), Map.of());
        String untagged = pushedData(repository, signatureManifest, sigTag).replace("\"tag\":\"" + sigTag + "\",", "");
        ExtractableResponse<Response> byContent = postBinary(EventTypes.IMAGE_PUSHED, "e-3", untagged, Map.of());

        assertThat(byTag.header("ce-type")).isEqualTo(EventTypes.IMAGE_SIGNING_SKIPPED);
        assertThat(byTag.jsonPath().getString("reason")).isEqualTo("signature-artifact");
        assertThat(byContent.header("ce-type")).isEqualTo(EventTypes.IMAGE_SIGNING_SKIPPED);
        assertThat(verify(repository, signatureManifest).outcome()).isEqualTo(VerificationResult.Outcome.NO_SIGNATURES);
    }

    @Test
    void cdEventsAndHarbor_triggerTheSameSigner() {
        Repository repository = SignetAppResource.registry().uniqueRepository("signed");
        RawManifest first = Images.pushRandom(client, repository, "v1");
        RawManifest second = Images.pushRandom(client, repository, "v2");
        String purl = "pkg:oci/app@" + first.digest().toString().replace(":", "%3A") + "?repository_url=" + repository + "&tag=v1";
        String cdevent = "{\"context\":{\"version\":\"0.3.0\",\"id\":\"c1\",\"source\":\"/tekton\",\"type\":\"dev.cdevents.artifact.published.0.3.0\"},"
                + "\"subject\":{\"id\":\"" + purl + "\",\"source\":\"/tekton\",\"type\":\"artifact\",\"content\":{}}}";
        String harbor = "{\"resources\":[{\"digest\":\"" + second.digest() + "\",\"tag\":\"v2\",\"resource_url\":\"" + repository + ":v2\"}],"
                + "\"repository\":{\"repo_full_name\":\"" + repository.path() + "\"}}";

        ExtractableResponse<Response> cd = postBinary(EventTypes.CDEVENTS_ARTIFACT_PUBLISHED_030, "c1", cdevent, Map.of());
        ExtractableResponse<Response> cd020 = postBinary(EventTypes.CDEVENTS_ARTIFACT_PUBLISHED_020, "c2", cdevent, Map.of());
        ExtractableResponse<Response> hb = postBinary(EventTypes.HARBOR_ARTIFACT_PUSHED, "h1", harbor, Map.of());

        assertThat(cd.header("ce-type")).isEqualTo(EventTypes.IMAGE_SIGNED);
        assertThat(cd020.jsonPath().getBoolean("alreadySigned")).isTrue();
        assertThat(hb.header("ce-type")).isEqualTo(EventTypes.IMAGE_SIGNED);
        assertThat(verify(repository, first).outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(verify(repository, second).outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
    }

    @Test
    void invalidEventData_isAFailureEventWith200_neverARetry() {
        ExtractableResponse<Response> noDigest = postBinary(EventTypes.IMAGE_PUSHED, "bad-1", "{\"registry\":\"r.local\",\"repository\":\"a\"}", Map.of());
        ExtractableResponse<Response> badPurl = postBinary(EventTypes.CDEVENTS_ARTIFACT_PUBLISHED_030, "bad-2", "{\"subject\":{\"id\":\"pkg:npm/x@1\"}}", Map.of());

        assertThat(noDigest.statusCode()).isEqualTo(200);
        assertThat(noDigest.header("ce-type")).isEqualTo(EventTypes.IMAGE_SIGNING_FAILED);
        assertThat(noDigest.jsonPath().getString("message")).isEqualTo("read event bad-1: image.pushed data needs registry, repository and digest");
        assertThat(badPurl.header("ce-type")).isEqualTo(EventTypes.IMAGE_SIGNING_FAILED);
        assertThat(badPurl.jsonPath().getString("message")).contains("is not an OCI purl");
    }

    @Test
    void registryOutage_answers500_thenSignsOnceTheRegistryIsBack() {
        Repository real = SignetAppResource.registry().uniqueRepository("signed");
        RawManifest image = Images.pushRandom(client, real, "v1");
        try (FaultInjectingProxy proxy = FaultInjectingProxy.to(URI.create("http://" + real.registry()))) {
            Repository viaProxy = Repository.of(proxy.registry(), real.path());
            // more 503s than the client retries (1 + 3 attempts): the function must give up with a 500
            FaultInjectingProxy.Fault unavailable = FaultInjectingProxy.Fault.any(503, Map.of());
            proxy.script(unavailable, unavailable, unavailable, unavailable, unavailable, unavailable, unavailable, unavailable);
            ExtractableResponse<Response> during = postBinary(EventTypes.IMAGE_PUSHED, "o-1", pushedData(viaProxy, image, "v1"), Map.of());
            while (proxy.remainingFaults() > 0) {
                postBinary(EventTypes.IMAGE_PUSHED, "o-drain", pushedData(viaProxy, image, "v1"), Map.of());
            }
            ExtractableResponse<Response> after = postBinary(EventTypes.IMAGE_PUSHED, "o-2", pushedData(viaProxy, image, "v1"), Map.of());

            assertThat(during.statusCode()).isEqualTo(500);
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.header("ce-type")).isEqualTo(EventTypes.IMAGE_SIGNED);
            assertThat(verify(real, image).outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        }
    }

    @Test
    void health_isReadyWithTheKeyLoaded_andMetricsCountPushes() {
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'signing-keys' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'signing-keys' }.data.signet", notNullValue());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("signet_pushes_received_total").contains("signet_signing_duration_seconds_bucket");
    }
}

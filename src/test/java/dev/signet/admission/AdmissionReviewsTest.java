package dev.signet.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.events.AdmissionMetrics;
import dev.signet.events.AdmissionRequested;
import dev.signet.events.AdmissionSettings;
import dev.signet.events.AdmissionVerifier;
import dev.signet.json.Json;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.policy.FailurePolicy;
import dev.signet.policy.NamespaceLabels;
import dev.signet.policy.PolicyDocuments;
import dev.signet.policy.PolicyEvaluator;
import dev.signet.policy.PolicyRepository;
import dev.signet.policy.VerdictCache;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.Images;
import dev.signet.verification.SignatureFetcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AdmissionReviews as the API server sends them, through the adapter and the in-process verifier on an in-memory
 * registry that can go down: UPDATE requests carrying {@code oldObject} (issue 13, item 17), tag-only images at the
 * validating webhook when the mutating one did not pin them (item 5), and attestation conditions (issue 15).
 */
class AdmissionReviewsTest {
    private static final SigningKey ALICE = SigningKey.generate("alice");
    private static final FakeRegistryClient STORE = new FakeRegistryClient();
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();
    private static ExecutorService executor;
    private OutageRegistry registry;
    private AdmissionResource adapter;

    @BeforeAll
    static void startExecutor() {
        executor = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stopExecutor() {
        executor.shutdownNow();
    }

    @BeforeEach
    void adapter() {
        registry = new OutageRegistry(STORE);
        VerdictCache cache = new VerdictCache(Duration.ofMinutes(10), 1000);
        PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), KeyProvider.none("no key Secrets in this test", ""), cache, executor, FailurePolicy.FAIL);
        PolicyRepository policies = new PolicyRepository();
        String yaml = """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: signed-images}
                spec:
                  validationFailureAction: Enforce
                  failurePolicy: Fail
                  rules:
                  - name: signed
                    match: {any: [{resources: {kinds: [Pod]}}]}
                    verifyImages:
                    - imageReferences: ["registry.test/update-*"]
                      attestors:
                      - entries:
                        - keys:
                            publicKeys: |-
                """ + ALICE.verificationKey().toPem().lines().map(line -> "                  " + line).collect(Collectors.joining("\n")) + "\n" + """
                  - name: provenance
                    match: {any: [{resources: {kinds: [Pod]}}]}
                    verifyImages:
                    - imageReferences: ["registry.test/attested-*"]
                      attestations:
                      - type: https://slsa.dev/provenance/v0.2
                        attestors:
                        - entries:
                          - keys:
                              publicKeys: |-
                """ + ALICE.verificationKey().toPem().lines().map(line -> "                    " + line).collect(Collectors.joining("\n")) + "\n" + """
                        conditions:
                        - all:
                          - key: "{{ builder.id }}"
                            operator: Equals
                            value: https://github.com/actions/runner
                """;
        assertThat(policies.put("test#0", PolicyDocuments.read(yaml, "test.yaml").get(0), "test.yaml").problem()).isEmpty();
        AdmissionSettings settings = new AdmissionSettings(FailurePolicy.FAIL, Duration.ofSeconds(5));
        AdmissionVerifier verifier = new AdmissionVerifier(evaluator, policies, NamespaceLabels.none(), new AdmissionMetrics(new SimpleMeterRegistry(), cache),
                settings);
        adapter = new AdmissionResource(VerifierClient.inProcess(verifier), new VerdictSink(HttpClient.newHttpClient(), null, "/test"), settings);
    }

    private static ImageReference signedImage(String tag) {
        Repository repository = Repository.parse("registry.test/update-" + REPOSITORIES.incrementAndGet());
        ImageReference image = ImageReference.of(repository, Tag.parse(tag)).withDigest(Images.pushRandom(STORE, repository, tag).digest());
        new ImageSigner(STORE, Clock.systemUTC()).sign(SigningRequest.of(image, ALICE));
        return image;
    }

    private static ImageReference tagOnly(ImageReference image) {
        return ImageReference.of(image.context(), image.tag().orElseThrow());
    }

    // ---- item 17: UPDATE requests

    @Test
    void update_thatChangesNoImage_isAllowedWithoutTheRegistry_onBothWebhooks() {
        ImageReference image = signedImage("v1");
        registry.down(true);
        ObjectNode pod = pod(image.toString());
        ObjectNode labelled = pod.deepCopy();
        ((ObjectNode) labelled.path("metadata")).putObject("labels").put("controller-revision", "2");

        JsonNode created = validate(review("CREATE", pod, null));
        JsonNode validated = validate(review("UPDATE", labelled, pod));
        JsonNode mutated = mutate(review("UPDATE", labelled, pod));

        assertThat(created.at("/response/allowed").asBoolean()).as("the outage denies what needs verifying").isFalse();
        assertThat(validated.at("/response/allowed").asBoolean()).isTrue();
        assertThat(validated.at("/response/warnings").isMissingNode()).isTrue();
        assertThat(mutated.at("/response/allowed").asBoolean()).isTrue();
        assertThat(mutated.at("/response/patch").isMissingNode()).isTrue();
    }

    @Test
    void update_thatChangesAnImage_isVerified_andTheOutageDeniesIt() {
        ImageReference image = signedImage("v1");
        ImageReference next = signedImage("v2");
        registry.down(true);
        ObjectNode pod = pod(image.toString());

        JsonNode changed = validate(review("UPDATE", pod(next.toString()), pod));
        JsonNode moved = validate(review("UPDATE", pod("registry.test/other:v1", image.toString()), pod));

        assertThat(changed.at("/response/allowed").asBoolean()).isFalse();
        assertThat(changed.at("/response/status/message").asText()).contains(next.digest().orElseThrow().toString()).contains("test's outage");
        assertThat(moved.at("/response/allowed").asBoolean()).as("an image moved to another container is new there").isFalse();
    }

    @Test
    void update_ofAnObjectBeingDeleted_isNeverBlocked_butOnlyTheStoredObjectSaysSo() {
        ImageReference image = signedImage("v1");
        registry.down(true);
        ObjectNode stored = deployment(image.toString());
        ((ObjectNode) stored.path("metadata")).put("deletionTimestamp", "2026-12-02T12:00:00Z").putArray("finalizers").add("example.com/cleanup");
        ObjectNode finalized = stored.deepCopy();
        ((ObjectNode) finalized.path("metadata")).putArray("finalizers");
        ObjectNode changed = deployment("registry.test/update-unsigned:v9");
        ObjectNode forged = changed.deepCopy();
        ((ObjectNode) forged.path("metadata")).put("deletionTimestamp", "2026-12-02T12:00:00Z");

        assertThat(validate(review("UPDATE", finalized, stored)).at("/response/allowed").asBoolean()).isTrue();
        assertThat(validate(review("UPDATE", changed, stored)).at("/response/allowed").asBoolean()).as("the stored object is being deleted").isTrue();
        assertThat(validate(review("UPDATE", forged, deployment(image.toString()))).at("/response/allowed").asBoolean())
                .as("a deletionTimestamp only in the request's object is the client's, not the API server's").isFalse();
    }

    @Test
    void mutate_update_pinsOnlyTheImageThatChanged() {
        ImageReference v1 = signedImage("v1");
        ImageReference v2 = signedImage("v2");
        ObjectNode before = pod(tagOnly(v1).toString(), tagOnly(v1).toString());
        ObjectNode after = pod(tagOnly(v1).toString(), tagOnly(v2).toString());

        JsonNode mutated = mutate(review("UPDATE", after, before));

        assertThat(mutated.at("/response/allowed").asBoolean()).isTrue();
        assertThat(patch(mutated)).isEqualTo(Json.mapper().createArrayNode().add(Json.mapper().createObjectNode()
                .put("op", "replace").put("path", "/spec/containers/1/image").put("value", v2.toString())));
    }

    @Test
    void mutate_updateReapplyingTheTagOverItsPin_putsTheStoredDigestBack_withoutTheRegistry() {
        ImageReference image = signedImage("v1");
        registry.down(true);
        ObjectNode stored = deployment(image.toString());
        ObjectNode reapplied = deployment(tagOnly(image).toString());

        JsonNode mutated = mutate(review("UPDATE", reapplied, stored));
        JsonNode validated = validate(review("UPDATE", stored.deepCopy(), stored));
        JsonNode unpinned = validate(review("UPDATE", reapplied, stored));

        assertThat(mutated.at("/response/allowed").asBoolean()).isTrue();
        assertThat(patch(mutated)).isEqualTo(Json.mapper().createArrayNode().add(Json.mapper().createObjectNode()
                .put("op", "replace").put("path", "/spec/template/spec/containers/0/image").put("value", image.toString())));
        assertThat(validated.at("/response/allowed").asBoolean()).as("the put-back image is unchanged").isTrue();
        assertThat(unpinned.at("/response/allowed").asBoolean()).as("the mutating webhook did not run: a tag stored without its digest is new")
                .isFalse();
    }

    // ---- item 5: tag-only images at the validating webhook

    @Test
    void validate_tagOnlyImage_underVerifyDigest_isDenied_whenTheMutatingWebhookDidNotPinIt() {
        ImageReference image = signedImage("v1");

        JsonNode mutated = mutate(review("CREATE", pod(tagOnly(image).toString()), null));
        JsonNode unpinned = validate(review("CREATE", pod(tagOnly(image).toString()), null));
        JsonNode pinned = validate(review("CREATE", pod(image.toString()), null));

        assertThat(mutated.at("/response/allowed").asBoolean()).isTrue();
        assertThat(patch(mutated).path(0).path("value").asText()).isEqualTo(image.toString());
        assertThat(unpinned.at("/response/allowed").asBoolean()).isFalse();
        assertThat(unpinned.at("/response/status/message").asText()).contains(tagOnly(image).toString()).contains("verifyDigest");
        assertThat(pinned.at("/response/allowed").asBoolean()).isTrue();
    }

    @Test
    void admissionRequestedEvent_carriesTheOldObjectAndTheWebhook_toARemoteVerifier() throws IOException {
        AdmissionRequested request = AdmissionReviews.parseReview(review("UPDATE", pod("r.test/a:2"), pod("r.test/a:1")).getBytes(StandardCharsets.UTF_8))
                .forWebhook(true);

        AdmissionRequested received = AdmissionRequested.parse(Json.mapper().readTree(Json.write(request)), "admission.requested event");
        AdmissionRequested unnamed = AdmissionRequested.parse(((ObjectNode) Json.mapper().valueToTree(request)).without("mutating"), "event");

        assertThat(received).isEqualTo(request);
        assertThat(received.oldObject().at("/spec/containers/0/image").asText()).isEqualTo("r.test/a:1");
        assertThat(unnamed.mutating()).as("absent, it is the validating webhook's request, which pins nothing").isFalse();
    }

    // ---- issue 15: attestations with conditions, through the webhook

    @Test
    void create_podWithProvenanceFromTheExpectedBuilder_isAllowed_andFromAnotherBuilder_deniedNamingTheCondition() {
        ImageReference good = attestedImage("https://github.com/actions/runner");
        ImageReference evil = attestedImage("https://evil.example/builder");

        JsonNode allowed = validate(review("CREATE", pod(good.toString()), null));
        JsonNode denied = validate(review("CREATE", pod(evil.toString()), null));

        assertThat(allowed.at("/response/allowed").asBoolean()).as(allowed.toString()).isTrue();
        assertThat(denied.at("/response/allowed").asBoolean()).isFalse();
        assertThat(denied.at("/response/status/message").asText()).contains(evil.context().toString()).contains("https://slsa.dev/provenance/v0.2")
                .contains("{{ builder.id }}").contains("https://evil.example/builder");
    }

    private static ImageReference attestedImage(String builder) {
        Repository repository = Repository.parse("registry.test/attested-" + REPOSITORIES.incrementAndGet());
        ImageReference image = ImageReference.of(repository, Images.pushRandom(STORE, repository, "v1").digest());
        String provenance = "{\"builder\":{\"id\":\"" + builder + "\"}}";
        new AttestationSigner(STORE, Clock.systemUTC()).attest(new AttestationRequest(image, ALICE, "slsaprovenance",
                provenance.getBytes(StandardCharsets.UTF_8), SignatureLayout.LEGACY, false));
        return image;
    }

    // ---- fixtures

    private JsonNode validate(String review) {
        return Json.mapper().valueToTree(adapter.validate(new ByteArrayInputStream(review.getBytes(StandardCharsets.UTF_8))).getEntity());
    }

    private JsonNode mutate(String review) {
        return Json.mapper().valueToTree(adapter.mutate(new ByteArrayInputStream(review.getBytes(StandardCharsets.UTF_8))).getEntity());
    }

    private static JsonNode patch(JsonNode review) {
        JsonNode patch = review.at("/response/patch");
        if (patch.isMissingNode()) {
            return Json.mapper().createArrayNode();
        }
        try {
            return Json.mapper().readTree(Base64.getDecoder().decode(patch.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode pod(String... images) {
        ObjectNode pod = Json.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", "web").put("namespace", "shop").put("uid", "7c1b9a3e-pod");
        ArrayNode containers = pod.putObject("spec").putArray("containers");
        for (int i = 0; i < images.length; i++) {
            containers.addObject().put("name", "c" + i).put("image", images[i]);
        }
        return pod;
    }

    private static ObjectNode deployment(String image) {
        ObjectNode deployment = Json.mapper().createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        deployment.putObject("metadata").put("name", "web").put("namespace", "shop");
        deployment.putObject("spec").putObject("template").putObject("spec").putArray("containers").addObject().put("name", "web").put("image", image);
        return deployment;
    }

    private static String review(String operation, ObjectNode object, ObjectNode oldObject) {
        String kind = object.path("kind").asText();
        ObjectNode review = Json.mapper().createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "uid-" + operation.toLowerCase());
        request.putObject("kind").put("group", kind.equals("Pod") ? "" : "apps").put("version", "v1").put("kind", kind);
        request.put("name", "web").put("namespace", "shop").put("operation", operation).put("dryRun", false);
        request.putObject("userInfo").put("username", "system:serviceaccount:kube-system:replicaset-controller");
        request.set("object", object);
        request.set("oldObject", oldObject == null ? Json.mapper().nullNode() : oldObject);
        return review.toString();
    }
}

package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.json.Json;
import dev.signet.keys.SigningKey;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.PublicKeys;
import dev.signet.verification.RegistryLanes;
import dev.signet.verification.SignatureFetcher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 3 (per request): Kyverno variables that read the request ({@code request.*}, {@code images.*},
 * {@code serviceAccountName}) in keys and keyless identities, substituted with the request in hand as Kyverno
 * substitutes the rule per admission (mutate_image.go), nested in a context lookup ({@code {{ keys.data.{{ request.namespace }} }}});
 * the verdict cache keys on the value they took.
 */
class RequestVariablesTest {
    private static final SigningKey ALICE = SigningKey.generate("alice");
    private static final SigningKey BOB = SigningKey.generate("bob");
    private static final String POLICY = """
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata: {name: per-namespace-keys}
            spec:
              validationFailureAction: Enforce
              rules:
              - name: signed
                match: {any: [{resources: {kinds: [Pod]}}]}
                context: [{name: keys, configMap: {name: keys, namespace: signing}}]
                verifyImages:
                - imageReferences: ['registry.test/acme/*']
                  attestors: [{entries: [{keys: {publicKeys: "{{ keys.data.{{ request.namespace }} }}", rekor: {ignoreTlog: true}}}]}]
            """;

    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final VerdictCache cache = new VerdictCache(Duration.ofMinutes(10), 1000);
    private final PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), new PublicKeys(Map.of()), cache,
            RegistryLanes.direct(executor), FailurePolicy.FAIL, Duration.ZERO, Ticker.systemTicker());
    private final PolicyRepository policies = new PolicyRepository();

    RequestVariablesTest() {
        policies.contextFrom((namespace, name) -> Optional.of(Map.of("alpha", ALICE.verificationKey().toPem(), "beta", BOB.verificationKey().toPem())));
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void close() {
        executor.shutdownNow();
    }

    private ImageReference signedImage(SigningKey key) {
        Repository repository = Repository.parse("registry.test/acme/app");
        ImageReference image = ImageReference.of(repository, registry.pushRandomImage(repository, "v1").digest());
        new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(image, key));
        return image;
    }

    private static JsonNode pod(String namespace, String image) {
        return Json.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Pod").<com.fasterxml.jackson.databind.node.ObjectNode>set(
                "metadata", Json.mapper().createObjectNode().put("name", "p").put("namespace", namespace)).set("spec",
                json("{\"containers\": [{\"name\": \"app\", \"image\": \"" + image + "\"}]}"));
    }

    private ImageFinding admit(String namespace, ImageReference image, boolean withRequest, String username) {
        JsonNode pod = pod(namespace, image.toString());
        List<PodSpecs.ContainerImage> images = PodSpecs.images("Pod", pod);
        JsonNode request = Json.mapper().createObjectNode().put("operation", "CREATE").put("namespace", namespace).<JsonNode>set("object", pod);
        if (username != null) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) request).putObject("userInfo").put("username", username);
        }
        Verdict verdict = evaluator.evaluate(new AdmissionSubject("Pod", namespace, Map.of()), images, policies.current(), Duration.ofSeconds(10),
                AdmissionPhase.MUTATING, withRequest ? Optional.of(RequestContext.of(request, images)) : Optional.empty());
        assertThat(verdict.findings()).hasSize(1);
        return verdict.findings().get(0);
    }

    @Test
    void keyChosenByTheRequestsNamespace_isResolvedPerRequest_andItsVerdictIsNotServedToAnotherNamespace() {
        assertThat(policies.put("p", Policies.document(POLICY), "p.yaml").problem()).isEmpty();
        ImageReference byAlice = signedImage(ALICE);

        assertThat(admit("alpha", byAlice, true, null).result()).isEqualTo(RuleStatus.PASS);
        assertThat(admit("beta", byAlice, true, null).result()).as("beta's key is bob's: alpha's cached pass is not served").isEqualTo(RuleStatus.FAIL);
        assertThat(admit("alpha", byAlice, true, null).result()).isEqualTo(RuleStatus.PASS);
        assertThat(admit("beta", signedImage(BOB), true, null).result()).isEqualTo(RuleStatus.PASS);
    }

    @Test
    void withoutTheRequest_orAValueItLacks_theEntryIsError_asKyvernoMakesAnUnresolvedVariable() {
        policies.put("p", Policies.document(POLICY), "p.yaml");
        ImageReference byAlice = signedImage(ALICE);

        assertThat(admit("alpha", byAlice, false, null).result()).as("no request in hand (CI gate)").isEqualTo(RuleStatus.ERROR);
        assertThat(admit("gamma", byAlice, true, null).result()).as("no key for namespace gamma").isEqualTo(RuleStatus.ERROR);
    }

    @Test
    void loadReport_saysTheVariableIsResolvedPerRequest() {
        CompiledPolicy policy = policies.put("p", Policies.document(POLICY), "p.yaml").policy().orElseThrow();

        assertThat(policy.notes()).extracting(LoadNote::text).contains("rules[0].verifyImages[0].attestors[0].entries[0].keys.publicKeys:"
                + " {{ keys.data.{{ request.namespace }} }} is resolved per admission request (request, images), then the rule compiles;"
                + " verdicts are cached per resolved value");
        assertThat(policy.perRequest()).isPresent();
        assertThat(LoadReport.of(policy).cannotEvaluate()).singleElement().asString().contains("resolved per admission request; where no request is"
                + " in hand (the CI gate, pre-warming) or it does not resolve: this entry is error");
    }

    @Test
    void serviceAccountAndImagesVariables_resolveFromTheRequest() {
        policies.put("p", Policies.document(POLICY.replace("{{ keys.data.{{ request.namespace }} }}", "{{ keys.data.{{ serviceAccountName }} }}")),
                "p.yaml");
        ImageReference byBob = signedImage(BOB);
        assertThat(admit("alpha", byBob, true, "system:serviceaccount:ci:beta").result()).isEqualTo(RuleStatus.PASS);
        assertThat(admit("alpha", byBob, true, "system:serviceaccount:ci:alpha").result()).isEqualTo(RuleStatus.FAIL);

        PolicyRepository byImage = new PolicyRepository();
        byImage.contextFrom((namespace, name) -> Optional.of(Map.of("app", BOB.verificationKey().toPem())));
        byImage.put("p", Policies.document(POLICY.replace("{{ keys.data.{{ request.namespace }} }}", "{{ keys.data.{{ images.containers.app.name }} }}")),
                "p.yaml");
        JsonNode pod = pod("alpha", byBob.toString());
        List<PodSpecs.ContainerImage> images = PodSpecs.images("Pod", pod);
        Verdict verdict = evaluator.evaluate(new AdmissionSubject("Pod", "alpha", Map.of()), images, byImage.current(), Duration.ofSeconds(10),
                AdmissionPhase.MUTATING, Optional.of(RequestContext.of(Json.mapper().createObjectNode().set("object", pod), images)));
        assertThat(verdict.findings()).singleElement().extracting(ImageFinding::result).isEqualTo(RuleStatus.PASS);
    }

    @Test
    void keylessSubjectFromTheRequest_unresolvedIsError_notMatchedAgainstTheBraces() {
        String yaml = POLICY.replace("attestors: [{entries: [{keys: {publicKeys: \"{{ keys.data.{{ request.namespace }} }}\", rekor: {ignoreTlog: true}}}]}]",
                "attestors: [{entries: [{keyless: {subject: \"ci@{{ request.namespace }}.example\", issuer: https://issuer.example,"
                        + " rekor: {url: https://rekor.example}}}]}]");
        CompiledPolicy loaded = policies.put("p", Policies.document(yaml), "p.yaml").policy().orElseThrow();
        assertThat(loaded.rules().get(0).attestors().get(0).entries()).singleElement().isInstanceOf(UnsupportedAttestor.class);

        CompiledPolicy bound = new RequestBinding().bind(loaded, RequestContext.of(json("{\"namespace\": \"alpha\"}"), List.of()));
        assertThat(bound.rules().get(0).attestors().get(0).entries()).singleElement().isInstanceOf(KeylessAttestor.class);
        assertThat(bound.id().resourceVersion()).isNotEqualTo(loaded.id().resourceVersion());
    }

    private static String withConditions(String conditions) {
        return POLICY.replace("      attestors: [{entries: [{keys: {publicKeys: \"{{ keys.data.{{ request.namespace }} }}\", rekor: {ignoreTlog: true}}}]}]\n",
                "      attestors: [{entries: [{keys: {publicKeys: \"{{ keys.data.alpha }}\", rekor: {ignoreTlog: true}}}]}]\n"
                        + "      attestations:\n"
                        + "      - type: https://slsa.dev/provenance/v0.2\n"
                        + "        conditions: " + conditions + "\n");
    }

    private ImageReference signedAndAttested(String builder) {
        ImageReference image = signedImage(ALICE);
        String provenance = "{\"builder\":{\"id\":\"" + builder + "\"}}";
        new AttestationSigner(registry, Clock.systemUTC()).attest(new AttestationRequest(image, ALICE, "slsaprovenance",
                provenance.getBytes(StandardCharsets.UTF_8), SignatureLayout.LEGACY, false));
        return image;
    }

    @Test
    void attestationConditionsReadingTheRequest_areEvaluatedWithIt_andTheirVerdictIsNotSharedBetweenRequests() {
        CompiledPolicy policy = policies.put("p", Policies.document(withConditions(
                "[{all: [{key: '{{ builder.id }}', operator: Equals, value: '{{ request.namespace }}'}]}]")), "p.yaml").policy().orElseThrow();
        ImageReference builtForAlpha = signedAndAttested("alpha");

        assertThat(policy.notes()).extracting(LoadNote::text).contains("rules[0].verifyImages[0].attestations[0].conditions read the request:"
                + " evaluated with it at admission (request, images, image beside the predicate); their verdicts are not shared between requests");
        assertThat(admit("alpha", builtForAlpha, true, null).result()).isEqualTo(RuleStatus.PASS);
        ImageFinding beta = admit("beta", builtForAlpha, true, null);
        assertThat(beta.result()).as("alpha's pass is not served in beta").isEqualTo(RuleStatus.FAIL);
        assertThat(admit("alpha", builtForAlpha, false, null).result()).as("no request in hand (CI gate)").isEqualTo(RuleStatus.ERROR);
        assertThat(LoadReport.of(policy).cannotEvaluate()).singleElement().asString().contains("conditions that read the request (request.*,"
                + " images.*) are evaluated with it at admission; where no request is in hand (the CI gate, pre-warming): every image it covers is error");
    }

    @Test
    void attestationConditionsReadingTheImage_makeTheRuleError_evenWithTheRequest() {
        policies.put("p", Policies.document(withConditions("[{all: [{key: '{{ image.registry }}', operator: NotEquals, value: evil.example}]}]")),
                "p.yaml");

        ImageFinding finding = admit("alpha", signedAndAttested("alpha"), true, null);
        assertThat(finding.result()).isEqualTo(RuleStatus.ERROR);
        assertThat(finding.cause()).contains("conditions that read the image being verified (image.*) are not evaluated");
    }

    @Test
    void imageInfo_asKyvernoWritesIt() {
        // kyverno@111e07bb pkg/utils/api/image_test.go
        assertThat(RequestContext.info("nginx:latest")).isEqualTo(json("{\"registry\": \"docker.io\", \"path\": \"nginx\", \"name\": \"nginx\","
                + " \"tag\": \"latest\", \"reference\": \"docker.io/nginx:latest\", \"referenceWithTag\": \"docker.io/nginx:latest\"}"));
        assertThat(RequestContext.info("fictional.registry.example:10443/imagename")).isEqualTo(json("{\"registry\":"
                + " \"fictional.registry.example:10443\", \"path\": \"imagename\", \"name\": \"imagename\", \"tag\": \"latest\", \"reference\":"
                + " \"fictional.registry.example:10443/imagename:latest\", \"referenceWithTag\": \"fictional.registry.example:10443/imagename:latest\"}"));
        String digest = "sha256:" + "e".repeat(64);
        assertThat(RequestContext.info("fictional.registry.example:10443/imagename:tag@" + digest).path("reference").asText())
                .isEqualTo("fictional.registry.example:10443/imagename@" + digest);
        assertThat(RequestContext.info("test/nginx:latest").path("path").asText()).isEqualTo("test/nginx");
    }
}

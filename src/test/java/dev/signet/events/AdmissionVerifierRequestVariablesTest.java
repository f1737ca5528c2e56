package dev.signet.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.json.Json;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.policy.FailurePolicy;
import dev.signet.policy.PolicyDocuments;
import dev.signet.policy.PolicyEvaluator;
import dev.signet.policy.PolicyRepository;
import dev.signet.policy.VerdictCache;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.verification.SignatureFetcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 17, item 3, end to end through the verifier: a Kyverno policy whose key is picked from a ConfigMap context by a
 * label of the admitted object ({@code {{ keys.data.{{ request.object.metadata.labels.team }} }}}): the AdmissionReview
 * request is what the variable reads, so the same signed image is allowed for one team and denied for another.
 */
class AdmissionVerifierRequestVariablesTest {
    private static final SigningKey ALPHA = SigningKey.generate("alpha");
    private static final SigningKey BETA = SigningKey.generate("beta");
    private static final FakeRegistryClient REGISTRY = new FakeRegistryClient();
    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2);
    private static final Repository REPOSITORY = Repository.parse("registry.test/teams/app");
    private static final ImageReference SIGNED_BY_ALPHA = signed();
    private static final AdmissionVerifier VERIFIER = verifier();

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    private static ImageReference signed() {
        ImageReference image = ImageReference.of(REPOSITORY, REGISTRY.pushRandomImage(REPOSITORY, "1").digest());
        new ImageSigner(REGISTRY, Clock.systemUTC()).sign(SigningRequest.of(image, ALPHA));
        return image;
    }

    private static AdmissionVerifier verifier() {
        PolicyRepository policies = new PolicyRepository();
        policies.contextFrom((namespace, name) -> "signing/team-keys".equals(namespace + "/" + name)
                ? Optional.of(Map.of("alpha", ALPHA.verificationKey().toPem(), "beta", BETA.verificationKey().toPem())) : Optional.empty());
        policies.put("p", PolicyDocuments.read("""
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: team-keys}
                spec:
                  validationFailureAction: Enforce
                  rules:
                  - name: signed-by-the-team
                    match: {any: [{resources: {kinds: [Pod]}}]}
                    context: [{name: keys, configMap: {name: team-keys, namespace: signing}}]
                    verifyImages:
                    - imageReferences: ["registry.test/teams/*"]
                      attestors: [{entries: [{keys: {publicKeys: "{{ keys.data.{{ request.object.metadata.labels.team }} }}", rekor: {ignoreTlog: true}}}]}]
                """, "test.yaml").get(0), "test.yaml");
        PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(REGISTRY, EXECUTOR), KeyProvider.none("test", "inline keys only"),
                new VerdictCache(Duration.ofMinutes(1), 100), EXECUTOR, FailurePolicy.FAIL);
        return new AdmissionVerifier(evaluator, policies, namespace -> Map.of("kubernetes.io/metadata.name", namespace),
                new AdmissionMetrics(new SimpleMeterRegistry(), new VerdictCache(Duration.ofMinutes(1), 1)),
                new AdmissionSettings(FailurePolicy.FAIL, Duration.ofSeconds(5)));
    }

    @ParameterizedTest(name = "{0}: allowed={2}")
    @CsvSource(delimiter = '|', textBlock = """
            team alpha, whose key signed it   | "labels": {"team": "alpha"}, | true
            team beta, after alpha's pass      | "labels": {"team": "beta"},  | false
            no team label: the key is unresolved | ''                         | false
            """)
    void decide_keyPickedByTheObjectsLabel_isTheRequestsTeamKey(String name, String labels, boolean allowed) throws IOException {
        String metadata = labels.isEmpty() ? "" : labels;
        AdmissionRequested request = AdmissionRequested.parse(Json.mapper().readTree("""
                {"uid": "u", "kind": {"group": "", "version": "v1", "kind": "Pod"}, "namespace": "shop", "operation": "CREATE",
                 "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {%s "name": "web"},
                            "spec": {"containers": [{"name": "c", "image": "%s"}]}}}
                """.formatted(metadata, SIGNED_BY_ALPHA)), "test");

        assertThat(VERIFIER.decide(request, Duration.ofSeconds(5)).allowed()).isEqualTo(allowed);
    }
}

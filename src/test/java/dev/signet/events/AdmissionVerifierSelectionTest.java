package dev.signet.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.Images;
import dev.signet.verification.SignatureFetcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 13, item 1, end to end through the verifier: an AdmissionReview request for a pod with an unsigned image
 * under a Kyverno policy whose exclude names service accounts, pod names, an operation and a namespace label. What
 * the request carries (userInfo, object metadata, operation, the informer's namespace labels) decides the exclude;
 * what it does not carry never excludes.
 */
class AdmissionVerifierSelectionTest {
    private static final SigningKey KEY = SigningKey.generate("ci");
    private static final FakeRegistryClient REGISTRY = new FakeRegistryClient();
    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2);
    private static final Repository REPOSITORY = Repository.parse("registry.test/selected");
    private static final String UNSIGNED = ImageReference.of(REPOSITORY, Tag.parse("1"))
            .withDigest(Images.pushRandom(REGISTRY, REPOSITORY, "1").digest()).toString();
    private static final NamespaceLabels NAMESPACES = namespace -> switch (namespace) {
        case "exempt" -> Map.of("kubernetes.io/metadata.name", "exempt", "signet.dev/exempt", "true");
        case "shop" -> Map.of("kubernetes.io/metadata.name", "shop");
        default -> Map.of(); // not seen by the informer yet
    };

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    private static AdmissionVerifier verifier() {
        String pem = KEY.verificationKey().toPem().lines().map(line -> "          " + line).collect(Collectors.joining("\n"));
        PolicyRepository policies = new PolicyRepository();
        policies.put("p", PolicyDocuments.read("""
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: verify}
                spec:
                  validationFailureAction: Enforce
                  rules:
                  - name: signed
                    match: {any: [{resources: {kinds: [Pod]}}]}
                    exclude:
                      any:
                      - subjects: [{kind: ServiceAccount, namespace: kube-system, name: "*-controller"}]
                      - resources: {names: ["debug-*"]}
                      - resources: {operations: [UPDATE]}
                      - resources: {namespaceSelector: {matchLabels: {signet.dev/exempt: "true"}}}
                    verifyImages:
                    - imageReferences: ["registry.test/selected:*"]
                      key: |-
                %s
                """.formatted(pem), "test.yaml").get(0), "test.yaml");
        PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(REGISTRY, EXECUTOR), KeyProvider.none("test", "inline keys only"),
                new VerdictCache(Duration.ofMinutes(1), 100), EXECUTOR, FailurePolicy.FAIL);
        return new AdmissionVerifier(evaluator, policies, NAMESPACES, new AdmissionMetrics(new SimpleMeterRegistry(), new VerdictCache(Duration.ofMinutes(1), 1)),
                new AdmissionSettings(FailurePolicy.FAIL, Duration.ofSeconds(5)));
    }

    private static JsonNode request(String namespace, String name, String operation, String userInfo) throws IOException {
        return Json.mapper().readTree("""
                {"uid": "u", "kind": {"group": "", "version": "v1", "kind": "Pod"}, "namespace": "%s", "operation": "%s", %s
                 "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s"}, "spec": {"containers": [{"name": "c", "image": "%s"}]}}}
                """.formatted(namespace, operation, userInfo.isEmpty() ? "" : "\"userInfo\": " + userInfo + ",", name, UNSIGNED));
    }

    @ParameterizedTest(name = "{0}: allowed={5}")
    @CsvSource(delimiter = '|', textBlock = """
            a user's pod                          | shop      | web       | CREATE | {"username": "alice", "groups": ["dev"]}                                        | false
            the replicaset controller's pod       | shop      | web       | CREATE | {"username": "system:serviceaccount:kube-system:replicaset-controller"}          | true
            no userInfo: subjects unknown         | shop      | web       | CREATE |                                                                                 | false
            a debug pod by name                   | shop      | debug-1   | CREATE | {"username": "alice"}                                                           | true
            an UPDATE                             | shop      | web       | UPDATE | {"username": "alice"}                                                           | true
            an exempt namespace                   | exempt    | web       | CREATE | {"username": "alice"}                                                           | true
            a namespace not seen yet: unknown     | brand-new | web       | CREATE | {"username": "alice"}                                                           | false
            """)
    void decide_excludeFromTheRequest_excludesOnlyWhatTheRequestShows(String name, String namespace, String pod, String operation, String userInfo,
            boolean allowed) throws IOException {
        AdmissionRequested request = AdmissionRequested.parse(request(namespace, pod, operation, userInfo == null ? "" : userInfo), "test");

        assertThat(verifier().decide(request, Duration.ofSeconds(5)).allowed()).isEqualTo(allowed);
    }
}

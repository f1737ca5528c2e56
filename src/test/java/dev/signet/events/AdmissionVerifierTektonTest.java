package dev.signet.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.events.outbound.AdmissionVerdictData;
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
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.Images;
import dev.signet.verification.SignatureFetcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 4, through the verifier: AdmissionReview requests for a Tekton {@code TaskRun} under the Kyverno
 * library's TaskRun bundle policy (its key swapped for the test's, enforced). The adapter sends a kind without a pod
 * spec to the evaluator only when a loaded rule extracts its images; an UPDATE verifies only the bundle it changes.
 */
class AdmissionVerifierTektonTest {
    private static final SigningKey KEY = SigningKey.generate("ci");
    private static final FakeRegistryClient REGISTRY = new FakeRegistryClient();
    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2);
    private static final Repository REPOSITORY = Repository.parse("registry.test/tekton/bundle");
    private static final ImageReference SIGNED = push("signed");
    private static final ImageReference UNSIGNED = push("unsigned");
    private static final NamespaceLabels NAMESPACES = namespace -> Map.of("kubernetes.io/metadata.name", namespace);

    static {
        new ImageSigner(REGISTRY, Clock.systemUTC()).sign(SigningRequest.of(SIGNED, KEY));
    }

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    private static ImageReference push(String tag) {
        return ImageReference.of(REPOSITORY, Tag.parse(tag)).withDigest(Images.pushRandom(REGISTRY, REPOSITORY, tag).digest());
    }

    private static String libraryPolicy() throws IOException {
        try (InputStream in = AdmissionVerifierTektonTest.class.getResourceAsStream("/policies/kyverno-library/verify-tekton-taskrun-signatures.yaml")) {
            String policy = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("validationFailureAction: Audit", "validationFailureAction: Enforce");
            Matcher pem = Pattern.compile("(?m)^( *)-----BEGIN PUBLIC KEY-----\\n(?:.*\\n)*?\\1-----END PUBLIC KEY----- *").matcher(policy);
            assertThat(pem.find()).isTrue();
            String indent = pem.group(1);
            return pem.replaceFirst(Matcher.quoteReplacement(KEY.verificationKey().toPem().lines().map(line -> indent + line)
                    .collect(Collectors.joining("\n"))));
        }
    }

    private static AdmissionVerifier verifier(String policy) {
        PolicyRepository policies = new PolicyRepository();
        assertThat(policies.put("p", PolicyDocuments.read(policy, "p.yaml").get(0), "p.yaml").problem()).isEmpty();
        PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(REGISTRY, EXECUTOR), KeyProvider.none("test", "inline keys only"),
                new VerdictCache(Duration.ofMinutes(1), 100), EXECUTOR, FailurePolicy.FAIL);
        return new AdmissionVerifier(evaluator, policies, NAMESPACES, new AdmissionMetrics(new SimpleMeterRegistry(), new VerdictCache(Duration.ofMinutes(1), 1)),
                new AdmissionSettings(FailurePolicy.FAIL, Duration.ofSeconds(5)));
    }

    private static String taskRun(String bundle, String label) {
        return """
                {"apiVersion": "tekton.dev/v1beta1", "kind": "TaskRun", "metadata": {"name": "build", "namespace": "ci", "labels": {"run": "%s"}},
                 "spec": {"taskRef": {"name": "build", "bundle": "%s"}}}""".formatted(label, bundle);
    }

    private static AdmissionRequested request(String operation, String object, String oldObject) throws IOException {
        JsonNode request = Json.mapper().readTree("""
                {"uid": "u", "kind": {"group": "tekton.dev", "version": "v1beta1", "kind": "TaskRun"}, "namespace": "ci", "operation": "%s",
                 "object": %s%s}""".formatted(operation, object, oldObject == null ? "" : ", \"oldObject\": " + oldObject));
        return AdmissionRequested.parse(request, "test");
    }

    @Test
    void create_signedBundle_allowed_unsignedBundle_denied() throws IOException {
        AdmissionVerifier verifier = verifier(libraryPolicy());

        AdmissionVerdictData signed = verifier.decide(request("CREATE", taskRun(SIGNED.toString(), "1"), null), Duration.ofSeconds(5));
        AdmissionVerdictData unsigned = verifier.decide(request("CREATE", taskRun(UNSIGNED.toString(), "1"), null), Duration.ofSeconds(5));

        assertThat(signed.allowed()).isTrue();
        assertThat(unsigned.allowed()).isFalse();
        assertThat(unsigned.message()).contains(UNSIGNED.toString()).contains("signed-tekton-task-bundle");
    }

    @Test
    void mutatingWebhook_tagOnlySignedBundle_isPinnedAtTheBundleField() throws IOException {
        AdmissionVerifier verifier = verifier(libraryPolicy());

        AdmissionVerdictData pinned = verifier.decide(request("CREATE", taskRun(REPOSITORY + ":signed", "1"), null).forWebhook(true), Duration.ofSeconds(5));

        assertThat(pinned.allowed()).isTrue();
        assertThat(pinned.patch()).singleElement().satisfies(op -> {
            assertThat(op.path()).isEqualTo("/spec/taskRef/bundle");
            assertThat(op.value()).isEqualTo(SIGNED.toString());
        });
    }

    @Test
    void update_verifiesOnlyABundleItChanges() throws IOException {
        AdmissionVerifier verifier = verifier(libraryPolicy());
        String stored = taskRun(UNSIGNED.toString(), "1");

        AdmissionVerdictData relabelled = verifier.decide(request("UPDATE", taskRun(UNSIGNED.toString(), "2"), stored), Duration.ofSeconds(5));
        AdmissionVerdictData rebundled = verifier.decide(request("UPDATE", taskRun(push("other").toString(), "1"), taskRun(SIGNED.toString(), "1")),
                Duration.ofSeconds(5));

        assertThat(relabelled.allowed()).as("admitted before the policy: a label change starts nothing").isTrue();
        assertThat(rebundled.allowed()).isFalse();
    }

    /** A TaskRun under policies that read pods only: no rule extracts its images, so it is allowed unchecked, as in Kyverno. */
    @Test
    void noPolicyExtractsTheKind_theTaskRunIsAllowedUnchecked() throws IOException {
        String podsOnly = libraryPolicy().replaceAll("(?m)^    imageExtractors:\\n(?:      .*\\n)+", "").replace("- TaskRun", "- Pod");

        AdmissionVerdictData decided = verifier(podsOnly).decide(request("CREATE", taskRun(UNSIGNED.toString(), "1"), null), Duration.ofSeconds(5));

        assertThat(decided.allowed()).isTrue();
        assertThat(decided.message()).contains("TaskRun CREATE carries no pod spec to verify");
    }
}

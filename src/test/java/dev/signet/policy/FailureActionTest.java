package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.Images;
import dev.signet.verification.SignatureFetcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 2: Kyverno's {@code validationFailureActionOverrides} (action per namespace list or namespace
 * selector, first entry that holds wins) and Kyverno 1.13's {@code failureAction} on verifyImages entries (the rule's
 * action, Enforce when any entry enforces, ahead of the policy's overrides). An unsigned image is pushed once and
 * admitted into namespaces that the overrides treat differently.
 */
class FailureActionTest {
    private static final SigningKey ALICE = SigningKey.generate("alice");
    private static final FakeRegistryClient REGISTRY = new FakeRegistryClient();
    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2);
    private static final Repository REPOSITORY = Repository.parse("registry.test/actions");
    private static final String UNSIGNED = ImageReference.of(REPOSITORY, Tag.parse("1"))
            .withDigest(Images.pushRandom(REGISTRY, REPOSITORY, "1").digest()).toString();

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    private static String policy(String specExtra, String entries) {
        return """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: verify}
                spec:
                %s
                  rules:
                  - name: signed
                    match: {any: [{resources: {kinds: [Pod]}}]}
                    verifyImages:
                %s
                """.formatted(specExtra, entries);
    }

    private static String entry(String glob, String failureAction) {
        return "    - imageReferences: [\"" + glob + "\"]\n" + (failureAction.isEmpty() ? "" : "      failureAction: " + failureAction + "\n")
                + "      key: |-\n" + Policies.pem(10, ALICE.verificationKey());
    }

    private static Verdict admit(String yaml, String namespace, Map<String, String> labels) {
        return admit(yaml, namespace, labels, UNSIGNED);
    }

    private static Verdict admit(String yaml, String namespace, Map<String, String> labels, String image) {
        PolicyRepository repository = new PolicyRepository();
        PolicyRepository.Update update = repository.put("test", Policies.document(yaml), "test.yaml");
        assertThat(update.problem()).isEmpty();
        PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(REGISTRY, EXECUTOR), KeyProvider.none("test", "inline keys only"),
                new VerdictCache(Duration.ofMinutes(1), 100), EXECUTOR, FailurePolicy.FAIL);
        return evaluator.evaluate(new AdmissionSubject("Pod", namespace, labels),
                List.of(new PodSpecs.ContainerImage(image, "c0", "/spec/containers/0/image")), repository.current(), Duration.ofSeconds(5));
    }

    @Test
    void overrides_enforceForANamespace_alsoDenyAnImageSignetCannotVerify_thereAndAuditIt_elsewhere() {
        // a local image ID (containerd runs "sha256:<hex>" from the node's store): no registry, no signature; the finding
        // must take the namespace's override, not the rule's own Audit (a review finding: it took the rule's)
        String yaml = policy("""
                  validationFailureAction: Audit
                  validationFailureActionOverrides:
                  - action: Enforce
                    namespaces: ["prod-*"]
                """, entry("*", ""));
        String localImage = "sha256:" + "ab".repeat(32);

        assertThat(admit(yaml, "prod-eu", Map.of(), localImage).allowed()).isFalse();
        assertThat(admit(yaml, "dev", Map.of(), localImage).allowed()).isTrue();
    }

    @Test
    void overrides_enforceForNamespaceGlob_deniesThereAndAuditsElsewhere() {
        String yaml = policy("""
                  validationFailureAction: Audit
                  validationFailureActionOverrides:
                  - action: Enforce
                    namespaces: ["prod-*"]
                """, entry(REPOSITORY + ":*", ""));

        assertThat(admit(yaml, "prod-eu", Map.of()).allowed()).isFalse();
        Verdict dev = admit(yaml, "dev", Map.of());
        assertThat(dev.allowed()).isTrue();
        assertThat(dev.warnings()).singleElement().asString().contains("no signatures found");
    }

    @Test
    void overrides_auditByNamespaceSelector_auditsOnlyWhereTheLabelsMatch() {
        String yaml = policy("""
                  validationFailureAction: Enforce
                  validationFailureActionOverrides:
                  - action: Audit
                    namespaceSelector: {matchLabels: {env: dev}}
                """, entry(REPOSITORY + ":*", ""));

        assertThat(admit(yaml, "sandbox", Map.of("env", "dev")).allowed()).isTrue();
        assertThat(admit(yaml, "shop", Map.of("env", "prod")).allowed()).isFalse();
    }

    @Test
    void overrides_namespacesAndSelector_bothMustHoldAndTheFirstThatHoldsWins() {
        String yaml = policy("""
                  validationFailureAction: Enforce
                  validationFailureActionOverrides:
                  - action: Audit
                    namespaces: ["team-*"]
                    namespaceSelector: {matchLabels: {tier: sandbox}}
                  - action: Enforce
                    namespaces: ["team-*"]
                  - action: Audit
                    namespaces: ["team-a"]
                """, entry(REPOSITORY + ":*", ""));

        assertThat(admit(yaml, "team-a", Map.of("tier", "sandbox")).allowed()).isTrue();
        assertThat(admit(yaml, "team-a", Map.of("tier", "prod")).allowed()).as("the second entry holds first").isFalse();
    }

    @Test
    void entryFailureAction_enforceOnAnyEntry_enforcesTheWholeRule() {
        String yaml = policy("  validationFailureAction: Audit\n",
                entry(REPOSITORY + ":*", "Audit") + "\n" + entry("registry.test/other/*", "Enforce"));

        assertThat(admit(yaml, "dev", Map.of()).allowed()).isFalse();
    }

    @Test
    void entryFailureAction_auditOnTheRule_winsOverThePolicysOverrides() {
        String yaml = policy("""
                  validationFailureAction: Enforce
                  validationFailureActionOverrides:
                  - action: Enforce
                    namespaces: ["*"]
                """, entry(REPOSITORY + ":*", "Audit"));

        assertThat(admit(yaml, "prod", Map.of()).allowed()).isTrue();
    }

    @Test
    void overrides_actionNotEnforceOrAudit_isRefusedNamingTheField() {
        String yaml = policy("""
                  validationFailureActionOverrides:
                  - action: Warn
                    namespaces: [dev]
                """, entry(REPOSITORY + ":*", ""));

        assertThatThrownBy(() -> Policies.compile(yaml)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("validationFailureActionOverrides[0].action must be Enforce or Audit");
    }
}

package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.signet.verification.SignatureFetcher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, items 4 and 5: Kyverno's {@code verifyImages.attestations} with conditions, evaluated at admission: a pod
 * whose image carries a SLSA provenance attestation from the expected builder passes; one whose provenance names
 * another builder is denied, and the denial names the attestation, the condition and the value it saw.
 */
class AttestationPolicyTest {
    private static final String SLSA_V02 = "https://slsa.dev/provenance/v0.2";
    private static final String RUNNER = "https://github.com/actions/runner";

    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final SigningKey alice = SigningKey.generate("alice");
    private final SigningKey mallory = SigningKey.generate("mallory");
    private final Repository repository = Repository.parse("registry.test/team/app");
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), new PublicKeys(Map.of()),
            new VerdictCache(Duration.ofMinutes(1), 1000), executor, FailurePolicy.FAIL);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private ImageReference push(String tag) {
        return ImageReference.of(repository, registry.pushRandomImage(repository, tag).digest());
    }

    private void sign(ImageReference image, SigningKey key) {
        new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(image, key));
    }

    private void attest(ImageReference image, SigningKey key, String builder, SignatureLayout layout) {
        String provenance = "{\"builder\":{\"id\":\"" + builder + "\"},\"buildType\":\"https://github.com/slsa-framework/slsa-github-generator\"}";
        new AttestationSigner(registry, Clock.systemUTC()).attest(new AttestationRequest(image, key, "slsaprovenance",
                provenance.getBytes(StandardCharsets.UTF_8), layout, false));
    }

    /** Kyverno's shape: the rule's attestors check the signature, the attestation names its own or uses the rule's. */
    private static String kyvernoPolicy(String ruleAttestors, String attestationAttestors, SigningKey key) {
        return """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: slsa}
                spec:
                  validationFailureAction: Enforce
                  rules:
                  - name: check-provenance
                    match:
                      any:
                      - resources: {kinds: [Pod]}
                    verifyImages:
                    - imageReferences: ["registry.test/team/*"]
                """ + ruleAttestors.replace("PEM_KEY", Policies.pem(14, key.verificationKey()).stripLeading()) + """
                      attestations:
                      - type: https://slsa.dev/provenance/v0.2
                """ + attestationAttestors.replace("PEM_KEY", Policies.pem(16, key.verificationKey()).stripLeading()) + """
                        conditions:
                        - all:
                          - key: "{{ builder.id }}"
                            operator: Equals
                            value: "https://github.com/actions/runner"
                """;
    }

    private static final String RULE_ATTESTORS = """
                  attestors:
                  - entries:
                    - keys:
                        publicKeys: |-
                          PEM_KEY
            """;

    private static final String ATTESTATION_ATTESTORS = """
                    attestors:
                    - entries:
                      - keys:
                          publicKeys: |-
                            PEM_KEY
            """;

    private Verdict admit(String policy, ImageReference image) {
        PolicyRepository policies = new PolicyRepository();
        PolicyRepository.Update update = policies.put("p", Policies.document(policy), "p.yaml");
        assertThat(update.problem()).isEmpty();
        return evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(image.toString(), "c", "/spec/containers/0/image")), policies.current(), Duration.ofSeconds(10));
    }

    @Test
    void signedImageWithProvenanceFromTheExpectedBuilder_isAllowed() {
        ImageReference image = push("good");
        sign(image, alice);
        attest(image, alice, RUNNER, SignatureLayout.LEGACY);

        Verdict verdict = admit(kyvernoPolicy(RULE_ATTESTORS, "", alice), image);

        assertThat(verdict.allowed()).as(verdict.message()).isTrue();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> assertThat(finding.cause())
                .contains("signature verified with").contains("attestation of type \"" + SLSA_V02 + "\" verified with")
                .contains("1 statement meets the conditions"));
    }

    @Test
    void provenanceNamingAnotherBuilder_isDenied_namingTheConditionAndTheValueSeen() {
        ImageReference image = push("evil");
        sign(image, alice);
        attest(image, alice, "https://evil.example/builder\\u0007", SignatureLayout.BUNDLE);

        Verdict verdict = admit(kyvernoPolicy(RULE_ATTESTORS, "", alice), image);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.cause()).contains("attestation registry.test/team/app@sha256:").contains("of type \"" + SLSA_V02 + "\"")
                    .contains("conditions not met").contains("{{ builder.id }}").contains("https://evil.example/builder")
                    .doesNotContain("\u0007");
        });
    }

    @Test
    void oneFailingStatementAmongPassingOnes_denies() {
        ImageReference image = push("both");
        sign(image, alice);
        attest(image, alice, RUNNER, SignatureLayout.LEGACY);
        attest(image, alice, "https://other.example/builder", SignatureLayout.BUNDLE);

        Verdict verdict = admit(kyvernoPolicy(RULE_ATTESTORS, "", alice), image);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("https://other.example/builder");
    }

    @Test
    void signedImageWithoutAttestation_isDenied() {
        ImageReference image = push("bare");
        sign(image, alice);

        Verdict verdict = admit(kyvernoPolicy(RULE_ATTESTORS, "", alice), image);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> assertThat(finding.cause()).isEqualTo("no attestations found"));
    }

    @Test
    void attestationSignedWithAnotherKey_isDenied() {
        ImageReference image = push("forged");
        sign(image, alice);
        attest(image, mallory, RUNNER, SignatureLayout.LEGACY);

        Verdict verdict = admit(kyvernoPolicy(RULE_ATTESTORS, "", alice), image);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> assertThat(finding.cause())
                .startsWith("none of the 1 attestations found was signed with"));
    }

    @Test
    void attestationOnlyRule_withItsOwnAttestors_needsNoImageSignature() {
        ImageReference image = push("attested");
        attest(image, alice, RUNNER, SignatureLayout.BUNDLE);

        Verdict verdict = admit(kyvernoPolicy("", ATTESTATION_ATTESTORS, alice), image);

        assertThat(verdict.allowed()).as(verdict.message()).isTrue();
    }

    @Test
    void attestationOfAnotherType_doesNotCount() {
        ImageReference image = push("sbom-only");
        sign(image, alice);
        new AttestationSigner(registry, Clock.systemUTC()).attest(new AttestationRequest(image, alice, "spdxjson",
                "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8), SignatureLayout.LEGACY, false));

        Verdict verdict = admit(kyvernoPolicy(RULE_ATTESTORS, "", alice), image);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> assertThat(finding.cause())
                .startsWith("no attestation of type \"" + SLSA_V02 + "\" signed with"));
    }

    @Test
    void policyControllerAttestationPolicyInRego_cannotBeEvaluated_andFailsClosed() {
        ImageReference image = push("rego");
        sign(image, alice);
        attest(image, alice, RUNNER, SignatureLayout.LEGACY);
        String policy = kyvernoPolicy(RULE_ATTESTORS, "", alice).replace("      - type: https://slsa.dev/provenance/v0.2\n",
                "      - name: rego\n        predicateType: https://slsa.dev/provenance/v0.2\n        policy: {type: rego, data: \"package sigstore\"}\n");

        Verdict verdict = admit(policy, image);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.ERROR);
            assertThat(finding.cause()).contains("attestation policies in CUE or Rego are not evaluated");
        });
    }

    @Test
    void unknownConditionOperator_isRefusedAtLoadTime() {
        PolicyRepository policies = new PolicyRepository();

        PolicyRepository.Update update = policies.put("p", Policies.document(kyvernoPolicy(RULE_ATTESTORS, "", alice)
                .replace("operator: Equals", "operator: Resembles")), "p.yaml");

        assertThat(update.problem()).hasValueSatisfying(problem -> assertThat(problem).contains("attestations[0].conditions").contains("Resembles"));
    }
}

package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.keys.SigningKey;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.RegistryClient;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.Images;
import dev.signet.testing.PublicKeys;
import dev.signet.verification.SignatureFetcher;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 17, item 4: Tekton {@code TaskRun}s, {@code PipelineRun}s, {@code Task}s and {@code Pipeline}s admitted through
 * the evaluator, their images read only by the rules' {@code imageExtractors} (Kyverno has no built-in Tekton
 * extractor), signed ones passing (and pinned where the extractor names the field) and unsigned ones failing. The
 * Kyverno library's Tekton policies ({@code kyverno-library/verify-tekton-*.yaml}) are used as published but for one
 * change, their public key (Kyverno's test key) swapped for one generated here ({@link #withKey}).
 */
abstract class TektonAdmissionScenarios {
    private static final SigningKey ALICE = SigningKey.generate("alice");
    private static final Duration BUDGET = Duration.ofSeconds(10);
    private static ExecutorService executor;

    protected abstract RegistryClient client();

    /** A repository no other test uses. */
    protected abstract Repository uniqueRepository(String name);

    @BeforeAll
    static void startExecutor() {
        executor = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stopExecutor() {
        executor.shutdownNow();
    }

    private PolicyEvaluator evaluator() {
        return new PolicyEvaluator(new SignatureFetcher(client(), executor), new PublicKeys(Map.of()), new VerdictCache(Duration.ofMinutes(1), 1000),
                executor, FailurePolicy.FAIL);
    }

    private ImageReference push(String name) {
        Repository repository = uniqueRepository(name);
        return ImageReference.of(repository, Tag.parse("v1")).withDigest(Images.pushRandom(client(), repository, "v1").digest());
    }

    private void sign(ImageReference image) {
        new ImageSigner(client(), Clock.systemUTC()).sign(SigningRequest.of(image, ALICE));
    }

    private static String tagOnly(ImageReference image) {
        return image.context() + ":v1";
    }

    /** The one change to a library policy: its PEM block becomes the test key's, at the same indentation. */
    private static String withKey(String policy) {
        Matcher pem = Pattern.compile("(?m)^( *)-----BEGIN PUBLIC KEY-----\\n(?:.*\\n)*?\\1-----END PUBLIC KEY----- *").matcher(policy);
        assertThat(pem.find()).as("the policy's PEM block").isTrue();
        return pem.replaceFirst(Matcher.quoteReplacement(Policies.pem(pem.group(1).length(), ALICE.verificationKey())));
    }

    private static String library(String file) {
        return withKey(Policies.resource("kyverno-library/" + file));
    }

    private static PolicySet policies(String yaml) {
        PolicyRepository repository = new PolicyRepository();
        PolicyRepository.Update update = repository.put("p", Policies.document(yaml), "p.yaml");
        assertThat(update.problem()).isEmpty();
        return repository.current();
    }

    private Verdict admit(String policy, String objectYaml, AdmissionPhase phase) {
        JsonNode object = PolicyDocuments.read(objectYaml, "object.yaml").get(0);
        String kind = object.path("kind").asText();
        AdmissionSubject subject = new AdmissionSubject(kind, "ci", Map.of("kubernetes.io/metadata.name", "ci"), true,
                AdmissionSubject.ObjectMeta.of(object), java.util.Optional.of("CREATE"), java.util.Optional.empty());
        return evaluator().evaluate(subject, extraction -> extraction.images(kind, object), policies(policy), BUDGET, phase);
    }

    private static String taskRun(String apiVersion, String bundle) {
        return "apiVersion: " + apiVersion + "\nkind: TaskRun\nmetadata: {name: build, namespace: ci}\nspec:\n  taskRef:\n    name: build\n"
                + "    bundle: '" + bundle + "'\n";
    }

    @Test
    void taskRunSignatures_signedBundle_passes() {
        ImageReference bundle = push("tekton/task-bundle");
        sign(bundle);

        Verdict verdict = admit(library("verify-tekton-taskrun-signatures.yaml"), taskRun("tekton.dev/v1beta1", bundle.toString()), AdmissionPhase.VALIDATING);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).isEmpty();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).as(finding.message()).isEqualTo(RuleStatus.PASS);
            assertThat(finding.pointer()).isEqualTo("/spec/taskRef/bundle");
        });
    }

    /** The PipelineRun policy enforces, so its {@code mutateDigest} (on by default) pins a tag-only bundle where it is written. */
    @Test
    void pipelineBundleSignatures_signedTagOnlyBundle_isPinnedAtTheBundleField() {
        ImageReference bundle = push("tekton/pipeline-bundle-pinned");
        sign(bundle);
        String run = "apiVersion: tekton.dev/v1beta1\nkind: PipelineRun\nmetadata: {name: release}\nspec:\n  pipelineRef:\n    name: release\n"
                + "    bundle: '" + tagOnly(bundle) + "'\n";

        Verdict verdict = admit(library("verify-tekton-pipeline-bundle-signatures.yaml"), run, AdmissionPhase.MUTATING);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.findings()).singleElement().extracting(ImageFinding::result).isEqualTo(RuleStatus.PASS);
        assertThat(verdict.patch()).singleElement().satisfies(op -> {
            assertThat(op.path()).isEqualTo("/spec/pipelineRef/bundle");
            assertThat(op.value()).isEqualTo(bundle.toString());
        });
    }

    @Test
    void taskRunSignatures_unsignedBundle_failsAuditedAsPublished_deniedWhenEnforced() {
        ImageReference bundle = push("tekton/task-bundle-unsigned");
        String policy = library("verify-tekton-taskrun-signatures.yaml");

        Verdict audited = admit(policy, taskRun("tekton.dev/v1beta1", bundle.toString()), AdmissionPhase.VALIDATING);
        Verdict enforced = admit(policy.replace("validationFailureAction: Audit", "validationFailureAction: Enforce"),
                taskRun("tekton.dev/v1beta1", bundle.toString()), AdmissionPhase.VALIDATING);

        assertThat(audited.allowed()).isTrue();
        assertThat(audited.warnings()).singleElement().asString().contains(bundle.context().toString()).contains("signed-tekton-task-bundle");
        assertThat(enforced.allowed()).isFalse();
        assertThat(enforced.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.rulePath()).startsWith("rules[0].verifyImages[0]");
        });
    }

    @Test
    void pipelineBundleSignatures_enforcedAsPublished_signedPasses_unsignedIsDenied() {
        ImageReference signed = push("tekton/pipeline-bundle");
        sign(signed);
        ImageReference unsigned = push("tekton/pipeline-bundle-unsigned");
        String policy = library("verify-tekton-pipeline-bundle-signatures.yaml");
        String run = "apiVersion: tekton.dev/v1beta1\nkind: PipelineRun\nmetadata: {name: release}\nspec:\n  pipelineRef:\n    name: release\n    bundle: '%s'\n";

        Verdict pass = admit(policy, run.formatted(signed), AdmissionPhase.VALIDATING);
        Verdict fail = admit(policy, run.formatted(unsigned), AdmissionPhase.VALIDATING);

        assertThat(pass.allowed()).isTrue();
        assertThat(pass.findings()).singleElement().extracting(ImageFinding::result).isEqualTo(RuleStatus.PASS);
        assertThat(fail.allowed()).isFalse();
        assertThat(fail.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.image()).isEqualTo(unsigned.toString());
            assertThat(finding.pointer()).isEqualTo("/spec/pipelineRef/bundle");
        });
    }

    /**
     * The vulnerability-scan policy matches {@code tekton.dev/v1beta1/TaskRun.status} (a subresource Signet does not
     * see, so the selector counts as matching) and reads the step images of {@code status.taskSpec}: a signed step
     * without Grype's scan attestation fails the rule, audited as published.
     */
    @Test
    void taskRunVulnScan_readsTheStatusStepImages_andFailsOneWithoutAScan() {
        ImageReference step = push("tekton/git-init");
        sign(step);
        String run = "apiVersion: tekton.dev/v1beta1\nkind: TaskRun\nmetadata: {name: scan}\nspec: {taskRef: {name: scan}}\nstatus:\n  taskSpec:\n"
                + "    steps:\n    - name: clone\n      image: '" + step + "'\n";

        Verdict verdict = admit(library("verify-tekton-taskrun-vuln-scan.yaml"), run, AdmissionPhase.VALIDATING);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.pointer()).isEqualTo("/status/taskSpec/steps/0/image");
            assertThat(finding.cause()).isEqualTo("no attestations found");
        });
    }

    /** One policy reading the step images of every Tekton kind, as a user writes it for inline specs (no bundles). */
    private static String stepImages() {
        return """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: tekton-steps}
                spec:
                  validationFailureAction: Enforce
                  rules:
                  - name: steps
                    match: {any: [{resources: {kinds: [tekton.dev/*/Task, tekton.dev/*/TaskRun, tekton.dev/*/Pipeline, tekton.dev/*/PipelineRun]}}]}
                    imageExtractors:
                      Task: [{path: /spec/steps/*, value: image, key: name}]
                      TaskRun: [{path: /spec/taskSpec/steps/*, value: image, key: name}]
                      Pipeline: [{path: /spec/tasks/*/taskSpec/steps/*/image}]
                      PipelineRun: [{path: /spec/pipelineSpec/tasks/*/taskSpec/steps/*/image}]
                    verifyImages:
                    - imageReferences: ['*']
                      attestors:
                      - entries:
                        - keys:
                            publicKeys: |-
                PEM
                            rekor: {ignoreTlog: true}
                """.replace("PEM", Policies.pem(16, ALICE.verificationKey()));
    }

    private static String tektonObject(String apiVersion, String kind, String image) {
        String steps = "steps: [{name: s, image: '" + image + "'}]";
        String spec = switch (kind) {
            case "Task" -> steps;
            case "TaskRun" -> "taskSpec: {" + steps + "}";
            case "Pipeline" -> "tasks: [{name: t, taskSpec: {" + steps + "}}]";
            case "PipelineRun" -> "pipelineSpec: {tasks: [{name: t, taskSpec: {" + steps + "}}]}";
            default -> throw new IllegalArgumentException(kind);
        };
        return "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: x}\nspec: {" + spec + "}\n";
    }

    @ParameterizedTest(name = "{1} {0}")
    @CsvSource({"tekton.dev/v1,Task", "tekton.dev/v1,TaskRun", "tekton.dev/v1,Pipeline", "tekton.dev/v1,PipelineRun",
        "tekton.dev/v1beta1,Task", "tekton.dev/v1beta1,TaskRun", "tekton.dev/v1beta1,Pipeline", "tekton.dev/v1beta1,PipelineRun"})
    void everyTektonKind_bothVersions_signedStepPasses_unsignedStepIsDenied(String apiVersion, String kind) {
        ImageReference signed = push("tekton/step-signed");
        sign(signed);
        ImageReference unsigned = push("tekton/step-unsigned");

        Verdict pass = admit(stepImages(), tektonObject(apiVersion, kind, signed.toString()), AdmissionPhase.VALIDATING);
        Verdict fail = admit(stepImages(), tektonObject(apiVersion, kind, unsigned.toString()), AdmissionPhase.VALIDATING);

        assertThat(pass.allowed()).isTrue();
        assertThat(pass.findings()).singleElement().extracting(ImageFinding::result).isEqualTo(RuleStatus.PASS);
        assertThat(fail.allowed()).isFalse();
        assertThat(fail.findings()).singleElement().extracting(ImageFinding::result).isEqualTo(RuleStatus.FAIL);
    }

    /** As Kyverno's imageExtractors-none: a rule without extractors for the kind finds no image in a Task, which is admitted. */
    @Test
    void aRuleWithoutExtractorsForTheKind_findsNoImage_andTheObjectIsAdmitted() {
        ImageReference unsigned = push("tekton/no-extractor");
        String policy = stepImages().replaceAll("(?m)^    imageExtractors:\\n(?:      .*\\n)+", "");

        Verdict verdict = admit(policy, tektonObject("tekton.dev/v1", "Task", unsigned.toString()), AdmissionPhase.VALIDATING);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.findings()).isEmpty();
    }

    /** Kyverno makes the rule error when its extractors cannot read the object; Signet too, weighed by the failure policy. */
    @Test
    void anObjectTheExtractorsCannotRead_isErrorUnderTheRule_deniedUnderFailurePolicyFail() {
        Verdict verdict = admit(stepImages(), "apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: x}\nspec: {steps: [{image: 'r.example/a:1'}]}\n",
                AdmissionPhase.VALIDATING);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.ERROR);
            assertThat(finding.message()).startsWith("policy tekton-steps, rules[0].verifyImages[0]: ").contains("/spec/steps/0/name");
        });
    }
}

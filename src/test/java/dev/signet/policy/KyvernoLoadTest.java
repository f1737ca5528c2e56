package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.RegistryClient;
import dev.signet.testing.FakeRegistryClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 5 and the fail-closed half of item 3: Kyverno policies that Signet used to refuse now load, as Kyverno
 * loads them, and what Signet cannot evaluate in them is {@code error}, said at load.
 */
class KyvernoLoadTest {
    private final Harness harness = new Harness();

    /** The evaluation scenarios' helpers on the in-memory registry, without running their scenarios again. */
    private static final class Harness extends PolicyEvaluatorScenarios {
        private static final FakeRegistryClient REGISTRY = new FakeRegistryClient();
        private static final AtomicInteger REPOSITORIES = new AtomicInteger();

        @Override
        protected RegistryClient client() {
            return REGISTRY;
        }

        @Override
        protected Repository uniqueRepository(String name) {
            return Repository.parse("registry.test/" + name + "-" + REPOSITORIES.incrementAndGet());
        }

        @Override
        protected List<String> requests(Repository repository) {
            return REGISTRY.requests(repository);
        }

        @Override
        protected void clearRequests() {
            REGISTRY.resetCalls();
        }
    }

    @BeforeAll
    static void start() {
        PolicyEvaluatorScenarios.startExecutor();
    }

    @AfterAll
    static void stop() {
        PolicyEvaluatorScenarios.stopExecutor();
    }

    @BeforeEach
    void fresh() {
        harness.freshCache();
    }

    private static String kyverno(String name, String entry) {
        return "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: " + name + "}\nspec:\n  validationFailureAction: Enforce\n"
                + "  rules:\n  - name: r\n    match: {any: [{resources: {kinds: [Pod]}}]}\n    verifyImages:\n    - " + entry + "\n";
    }

    @Test
    void digestOnlyRule_loadsWithANote_pinsTheTag_andChecksNoSignature() {
        Repository repository = harness.uniqueRepository("digest-only");
        ImageReference image = harness.push(repository, "v1");
        String yaml = kyverno("digest-only", "{imageReferences: ['" + repository + "*'], mutateDigest: true, verifyDigest: true}");
        CompiledPolicy compiled = Policies.compile(yaml);
        assertThat(compiled.loadNotes()).contains("rules[0].verifyImages[0] has no attestors: a digest-only rule, it pins tag-only images to their"
                + " digest and denies images left without one and checks no signature, as in Kyverno");
        harness.clearRequests();

        Verdict mutating = harness.admit(Harness.policies(yaml), Harness.tagOnly(image).toString());

        assertThat(mutating.allowed()).as(mutating.message()).isTrue();
        assertThat(mutating.patch()).singleElement().satisfies(op -> assertThat(op.value()).isEqualTo(repository + ":v1@" + image.digest().orElseThrow()));
        assertThat(harness.requests(repository)).as("no signature read").noneMatch(request -> request.contains(".sig"));
        Verdict validating = harness.admitAt(AdmissionPhase.VALIDATING, Harness.policies(yaml), Harness.tagOnly(image).toString());
        assertThat(validating.allowed()).as("verifyDigest at the validating webhook").isFalse();
        assertThat(harness.admitAt(AdmissionPhase.VALIDATING, Harness.policies(yaml), image.toString()).allowed()).isTrue();
    }

    @Test
    void digestOnlyRule_withBothOff_saysItChecksNothing() {
        CompiledPolicy compiled = Policies.compile(kyverno("nothing", "{imageReferences: ['*'], mutateDigest: false, verifyDigest: false}"));

        assertThat(compiled.loadNotes()).anySatisfy(note -> assertThat(note).contains("checks nothing (verifyDigest and mutateDigest are both false)"));
    }

    @Test
    void keyFromAContextVariable_loads_andIsErrorAtAdmission() {
        Repository repository = harness.uniqueRepository("variable-key");
        ImageReference image = harness.push(repository, "v1");
        harness.sign(image, Harness.ALICE);
        String yaml = kyverno("variable-key", "{imageReferences: ['" + repository + "*'], attestors: [{entries: [{keys: {publicKeys: '{{ keys.data.pub }}'}}]}]}")
                .replace("    verifyImages:", "    context: [{name: keys, configMap: {name: keys, namespace: signing}}]\n    verifyImages:");
        CompiledPolicy compiled = Policies.compile(yaml);
        assertThat(LoadReport.of(compiled).cannotEvaluate()).containsExactly("rules[0].verifyImages[0].attestors[0].entries[0]: the public key"
                + " is the Kyverno variable {{ keys.data.pub }}, which did not resolve (Signet resolves configMap context entries when the policy"
                + " loads and request.*, images.* at admission; an unresolved variable is error in Kyverno too): this entry is error");

        Verdict verdict = harness.admit(Harness.policies(yaml), image.toString());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.ERROR);
            assertThat(finding.cause()).contains("{{ keys.data.pub }}");
        });
    }

    @Test
    void attestationWithoutAnyAttestors_loads_andIsError() {
        Repository repository = harness.uniqueRepository("no-attestors");
        ImageReference image = harness.push(repository, "v1");
        String yaml = kyverno("no-attestors", "{imageReferences: ['" + repository + "*'], attestations: [{predicateType: 'https://slsa.dev/provenance/v0.2'}]}");
        CompiledPolicy compiled = Policies.compile(yaml);
        assertThat(LoadReport.of(compiled).cannotEvaluate()).singleElement().asString().startsWith("rules[0].verifyImages[0].attestations[0]: an"
                + " attestation with no attestors");
        assertThat(LoadReport.of(compiled).fidelity()).isEqualTo(LoadReport.Fidelity.PARTIAL);

        Verdict verdict = harness.admit(Harness.policies(yaml), image.toString());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> assertThat(finding.result()).isEqualTo(RuleStatus.ERROR));
    }

    @Test
    void notaryRule_attestationsAreNotReadAsCosignMaterial() {
        CompiledPolicy compiled = Policies.compile(kyverno("notary", "{type: Notary, imageReferences: ['*'], attestations: [{type: sbom/cyclone-dx,"
                + " attestors: [{entries: [{certificates: {cert: 'MIIDTTCCAjWgAwIBAgIJAPI'}}]}]}]}"));

        assertThat(compiled.rules()).singleElement().satisfies(rule -> assertThat(rule.unsupported()).contains("Notary signatures are not supported"));
    }

    @Test
    void signetKinds_stillNeedAttestors() {
        String yaml = "apiVersion: signet.dev/v1alpha1\nkind: ClusterImagePolicy\nmetadata: {name: p}\nspec: {verifyImages: [{imageReferences: ['*']}]}\n";

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Policies.compile(yaml)).hasMessageContaining("has no attestors");
    }
}

package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Digests;
import dev.signet.reference.ImageReference;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.TextMatch;
import dev.signet.sigstore.TrustedRoot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyCompilerTest {
    private static final VerificationKey ALICE = SigningKey.generate("alice").verificationKey();
    private static final VerificationKey BOB = SigningKey.generate("bob").verificationKey();

    @Test
    void blogPostPolicy_deprecatedShortForms_compileToOneEnforcedRuleWithTheKey() {
        CompiledPolicy policy = Policies.compile(Policies.blogPost("registry.example/app", ALICE));

        assertThat(policy.id().kind()).isEqualTo("ClusterPolicy");
        assertThat(policy.id().namespace()).isEmpty();
        assertThat(policy.action()).isEqualTo(EnforcementAction.ENFORCE);
        assertThat(policy.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.path()).isEqualTo("rules[0].verifyImages[0]");
            assertThat(rule.covers(ImageReference.parse("registry.example/app:v1"))).isTrue();
            assertThat(rule.covers(ImageReference.parse("registry.example/other:v1"))).isFalse();
            assertThat(rule.type()).isEqualTo(SignatureType.ANY);
            assertThat(rule.mutateDigest()).isTrue();
            assertThat(rule.attestors()).singleElement().satisfies(set -> {
                assertThat(set.required()).isEqualTo(1);
                assertThat(set.entries()).singleElement().isEqualTo(new KeyAttestor("rules[0].verifyImages[0].key", new KeySource.Inline(ALICE), Map.of()));
            });
        });
        assertThat(policy.notes()).as("Kyverno's short form asks for a Rekor entry, which Signet reports it does not check").singleElement()
                .asString().startsWith("rules[0].verifyImages[0].key: Kyverno's default without a rekor block requires a Rekor transparency-log entry")
                .contains("Kyverno would deny key signatures that have no Rekor entry, such as the ones Signet's push signer makes");
    }

    @Test
    void kyvernoAttestors_secretRefsCountAndKeyless_compileAndOtherRulesAreNotedNotRejected() {
        CompiledPolicy policy = Policies.compile(Policies.resource("kyverno-attestors.yaml"));

        assertThat(policy.id().uid()).as("a file's own metadata.uid is its author's word").isEqualTo("test.yaml#ClusterPolicy/verify-acme");
        assertThat(policy.id().resourceVersion()).isEqualTo(Digests.sha256(Json.write(Policies.document(Policies.resource("kyverno-attestors.yaml")))).toString());
        assertThat(policy.notes()).anySatisfy(note -> assertThat(note).contains("require-labels").contains("ignored"));
        ImageRule rule = policy.rules().get(0);
        assertThat(rule.path()).isEqualTo("rules[1].verifyImages[0]");
        assertThat(rule.covers(ImageReference.parse("ghcr.io/acme/app:1"))).isTrue();
        assertThat(rule.covers(ImageReference.parse("ghcr.io/acme/debug-shell:1"))).isFalse();
        AttestorSet set = rule.attestors().get(0);
        assertThat(set.count()).isEqualTo(OptionalInt.of(1));
        assertThat(set.entries()).containsExactly(
                new KeyAttestor("rules[1].verifyImages[0].attestors[0].entries[0]", new KeySource.Reference("k8s://signing/cosign"), Map.of()),
                new KeyAttestor("rules[1].verifyImages[0].attestors[0].entries[1]", new KeySource.Reference("k8s://signing/release"), Map.of()),
                new KeylessAttestor("rules[1].verifyImages[0].attestors[0].entries[2]", new TrustedRootSource.Inline(TrustedRoot.production()),
                        List.of(new IdentityMatcher(TextMatch.wildcardOrExact("https://github.com/acme/*"),
                                Optional.of(TextMatch.exact("https://token.actions.githubusercontent.com")), Map.of())),
                        true, true, Map.of()));
        AdmissionSubject prod = new AdmissionSubject("Deployment", "prod-eu", Map.of());
        assertThat(Selection.selects(rule.match(), rule.exclude(), prod)).as("Pod rules cover Deployments (autogen)").isTrue();
        assertThat(Selection.selects(rule.match(), rule.exclude(), new AdmissionSubject("Pod", "prod-debug", Map.of()))).isFalse();
        assertThat(Selection.selects(rule.match(), rule.exclude(), new AdmissionSubject("Pod", "dev", Map.of()))).isFalse();
        assertThat(Selection.selects(rule.match(), rule.exclude(), new AdmissionSubject("Service", "prod-eu", Map.of()))).isFalse();
    }

    @Test
    void identity_fromTheApiServer_isTheStoredUidAndResourceVersion_fromAFileItsPathAndContent() {
        JsonNode document = Policies.document(Policies.resource("kyverno-attestors.yaml"));
        JsonNode edited = Policies.document(Policies.resource("kyverno-attestors.yaml").replace("k8s://signing/release", "k8s://signing/other"));

        PolicyId stored = PolicyCompiler.compile(document, "kubernetes", Optional.of(new StoredVersion("9f0e-uid", "1077"))).id();
        PolicyId file = PolicyCompiler.compile(document, "policies/acme.yaml").id();
        PolicyId editedFile = PolicyCompiler.compile(edited, "policies/acme.yaml").id();

        assertThat(stored.uid()).isEqualTo("9f0e-uid");
        assertThat(stored.resourceVersion()).isEqualTo("1077");
        assertThat(file.uid()).isEqualTo("policies/acme.yaml#ClusterPolicy/verify-acme");
        assertThat(editedFile.uid()).isEqualTo(file.uid());
        assertThat(editedFile.resourceVersion()).as("same claimed resourceVersion, other content").isNotEqualTo(file.resourceVersion());
    }

    @Test
    void signetPolicy_everyField_compiles() {
        CompiledPolicy policy = Policies.compile(Policies.resource("signet-cluster-image-policy.yaml"));

        assertThat(policy.action()).isEqualTo(EnforcementAction.AUDIT);
        assertThat(policy.failurePolicy()).isEqualTo(FailurePolicy.IGNORE);
        assertThat(policy.applies(new AdmissionSubject("Pod", "prod-eu", Map.of("tier", "prod")))).isTrue();
        assertThat(policy.applies(new AdmissionSubject("Pod", "prod-eu", Map.of("tier", "dev")))).isFalse();
        assertThat(policy.applies(new AdmissionSubject("Pod", "staging", Map.of("tier", "prod")))).isFalse();
        ImageRule rule = policy.rules().get(0);
        assertThat(rule.type()).isEqualTo(SignatureType.SIGSTORE_BUNDLE);
        assertThat(rule.pinsDigest()).isFalse();
        AttestorSet outer = rule.attestors().get(0);
        assertThat(outer.required()).isEqualTo(2);
        assertThat(outer.entries().get(2)).isInstanceOfSatisfying(NestedAttestor.class, nested -> {
            assertThat(nested.set().required()).isEqualTo(1);
            assertThat(nested.set().entries()).extracting(Attestor::path).containsExactly(
                    "verifyImages[0].attestors[0].entries[2].attestor.entries[0]", "verifyImages[0].attestors[0].entries[2].attestor.entries[1]");
        });
    }

    @Test
    void severalKeysInOnePemBlock_areSeveralEntries_allRequiredWithoutCount() {
        String yaml = """
                apiVersion: signet.dev/v1alpha1
                kind: SignetClusterImagePolicy
                metadata: {name: two-keys}
                spec:
                  verifyImages:
                  - imageReferences: ["*"]
                    attestors:
                    - entries:
                      - keys:
                          publicKeys: |-
                """ + Policies.pem(14, ALICE, BOB) + "\n";
        AttestorSet set = Policies.compile(yaml).rules().get(0).attestors().get(0);

        assertThat(set.entries()).extracting(Attestor::path).containsExactly(
                "verifyImages[0].attestors[0].entries[0].keys[0]", "verifyImages[0].attestors[0].entries[0].keys[1]");
        assertThat(set.required()).isEqualTo(2);
    }

    @Test
    void kindsBeforeTheRename_compileAsTheNewKinds_withADeprecationNote() {
        String body = "metadata: {name: p, namespace: team-a}\nspec:\n  verifyImages:\n  - imageReferences: ['*']\n    key: k8s://a/b\n";
        CompiledPolicy renamed = Policies.compile("apiVersion: signet.dev/v1alpha1\nkind: SignetImagePolicy\n" + body);
        CompiledPolicy cluster = Policies.compile("apiVersion: signet.dev/v1alpha1\nkind: ClusterImagePolicy\n" + body);
        CompiledPolicy namespaced = Policies.compile("apiVersion: signet.dev/v1alpha1\nkind: ImagePolicy\n" + body);

        assertThat(renamed.notes()).isEmpty();
        assertThat(renamed.id().namespace()).contains("team-a");
        assertThat(cluster.notes()).singleElement().asString()
                .isEqualTo("kind ClusterImagePolicy is deprecated: it is read as SignetClusterImagePolicy, its new name (same spec); rename it,"
                        + " since policy-controller's ClusterImagePolicy has the same kind and short name");
        assertThat(cluster.id().namespace()).as("cluster-scoped: metadata.namespace means nothing").isEmpty();
        assertThat(namespaced.notes()).singleElement().asString().startsWith("kind ImagePolicy is deprecated: it is read as SignetImagePolicy");
        assertThat(namespaced.rules()).hasSameSizeAs(renamed.rules());
        assertThat(namespaced.id().namespace()).contains("team-a");
    }

    @Test
    void signetDefaultIsEnforce_kyvernoDefaultIsAudit() {
        String signet = "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: p}\nspec:\n  verifyImages:\n"
                + "  - imageReferences: ['*']\n    key: k8s://a/b\n";
        String kyverno = "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  rules:\n  - name: r\n    verifyImages:\n"
                + "    - imageReferences: ['*']\n      key: k8s://a/b\n";

        assertThat(Policies.compile(signet).action()).isEqualTo(EnforcementAction.ENFORCE);
        assertThat(Policies.compile(kyverno).action()).isEqualTo(EnforcementAction.AUDIT);
        assertThat(Policies.compile(kyverno).rules().get(0).verifyDigest()).as("Kyverno's verifyDigest default").isTrue();
    }

    @Test
    void kyvernoRuleFailureAction_overridesThePolicys() {
        String yaml = "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  validationFailureAction: Audit\n  rules:\n"
                + "  - name: r\n    verifyImages:\n    - imageReferences: ['*']\n      failureAction: Enforce\n      key: k8s://a/b\n";

        assertThat(Policies.compile(yaml).rules().get(0).action()).isEqualTo(EnforcementAction.ENFORCE);
    }

    @Test
    void fieldsNotEvaluated_areCollectedPerRuleWithTheirPaths_andReportedAtLoad() {
        String yaml = "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  background: false\n  rules:\n  - name: r\n"
                + "    match: {any: [{resources: {kinds: [Pod], names: [debug-*]}, subjects: [{kind: User, name: eve}]}]}\n"
                + "    preconditions: {all: []}\n    verifyImages:\n    - imageReferences: ['*']\n      imageRegistryCredentials: {secrets: [r]}\n"
                + "      attestors: [{entries: [{keys: {publicKeys: k8s://a/b, rekor: {url: 'https://rekor.example', ignoreTlog: true}, ctlog: {ignoreSCT: true}}}]}]\n";

        CompiledPolicy policy = Policies.compile(yaml);

        assertThat(policy.notEvaluated()).containsExactly("spec.background");
        // names and subjects are evaluated since issue 13 (MatchFieldsTest); preconditions and the rest are not
        assertThat(policy.rules().get(0).notEvaluated()).containsExactlyInAnyOrder(
                "rules[0].preconditions", "rules[0].verifyImages[0].imageRegistryCredentials",
                "rules[0].verifyImages[0].attestors[0].entries[0].keys.ctlog");
        assertThat(policy.loadNotes()).anySatisfy(note -> assertThat(note).startsWith("not evaluated by Signet: spec.background, rules[0]"));
    }

    @Test
    void notaryAndRegoAttestationPolicies_compileToRulesThatCannotPass_attestationsWithConditionsCompile() {
        String yaml = "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  rules:\n  - name: r\n    verifyImages:\n"
                + "    - imageReferences: ['a/*']\n      type: Notary\n      attestors: [{entries: [{certificates: {cert: x}}]}]\n"
                + "    - imageReferences: ['b/*']\n      key: k8s://a/b\n      attestations: [{type: 'https://slsa.dev/provenance/v1',"
                + " conditions: [{all: [{key: '{{ buildDefinition.buildType }}', operator: Equals, value: x}]}]}]\n"
                + "    - imageReferences: ['c/*']\n      key: k8s://a/b\n      attestations: [{name: r, predicateType: x, policy: {type: rego}}]\n";
        List<ImageRule> rules = Policies.compile(yaml).rules();

        assertThat(rules.get(0).unsupported()).contains("Notary signatures are not supported");
        assertThat(rules.get(1).unsupported()).isEmpty();
        assertThat(rules.get(1).attestations()).singleElement().satisfies(attestation -> {
            assertThat(attestation.predicateType()).isEqualTo("https://slsa.dev/provenance/v1");
            assertThat(attestation.attestors()).as("the rule's, as Kyverno uses them").isEqualTo(rules.get(1).attestors());
            assertThat(attestation.conditions().size()).isEqualTo(1);
        });
        assertThat(rules.get(2).unsupported()).hasValueSatisfying(text -> assertThat(text).contains("CUE or Rego"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad action         | spec: {validationFailureAction: Block, verifyImages: [{imageReferences: ['*'], key: 'k8s://a/b'}]}          | compile policy p: spec.validationFailureAction must be Enforce or Audit, not "Block"
            no images          | spec: {verifyImages: [{key: 'k8s://a/b'}]}                                                                  | compile policy p: verifyImages[0] names no images; set imageReferences
            no attestors       | spec: {verifyImages: [{imageReferences: ['*']}]}                                                            | compile policy p: verifyImages[0] has no attestors; add attestors
            bad glob           | spec: {verifyImages: [{imageReferences: ['a b'], key: 'k8s://a/b'}]}                                       | compile policy p: verifyImages[0].imageReferences[0] is not an image pattern
            bad key            | spec: {verifyImages: [{imageReferences: ['*'], key: 'not a key'}]}                                          | compile policy p: verifyImages[0].key holds no usable public key
            bad secret ref     | spec: {verifyImages: [{imageReferences: ['*'], key: 'k8s://Bad_NS/x'}]}                                     | compile policy p: verifyImages[0].key "k8s://Bad_NS/x" is not k8s://NAMESPACE/NAME
            count too high     | spec: {verifyImages: [{imageReferences: ['*'], attestors: [{count: 3, entries: [{keys: {publicKeys: 'k8s://a/b'}}]}]}]} | compile policy p: verifyImages[0].attestors[0].count is 3 but the set has only 1 entries
            count zero         | spec: {verifyImages: [{imageReferences: ['*'], attestors: [{count: 0, entries: [{keys: {publicKeys: 'k8s://a/b'}}]}]}]} | compile policy p: verifyImages[0].attestors[0].count must be a whole number of at least 1
            string for list    | spec: {verifyImages: [{imageReferences: '*', key: 'k8s://a/b'}]}                                            | compile policy p: verifyImages[0].imageReferences must be a list of strings
            secret no ns       | spec: {verifyImages: [{imageReferences: ['*'], attestors: [{entries: [{keys: {secret: {name: s}}}]}]}]}     | compile policy p: verifyImages[0].attestors[0].entries[0].keys.secret.namespace is missing
            empty verifyImages | spec: {verifyImages: []}                                                                                     | compile policy p: spec.verifyImages is empty
            """)
    void invalidPolicies_areRejectedNamingThePolicyAndField(String name, String spec, String expected) {
        String yaml = "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: p}\n" + spec + "\n";

        assertThatThrownBy(() -> Policies.compile(yaml)).isInstanceOf(PolicyException.class).hasMessageStartingWith(expected);
    }

    @Test
    void namespacedKinds_needANamespace_andApplyOnlyThere() {
        String yaml = "apiVersion: signet.dev/v1alpha1\nkind: SignetImagePolicy\nmetadata: {name: p, namespace: team-a}\n"
                + "spec: {verifyImages: [{imageReferences: ['*'], attestors: [{entries: [{keys: {secret: {name: s}}}]}]}]}\n";
        CompiledPolicy policy = Policies.compile(yaml);

        assertThat(policy.applies(new AdmissionSubject("Pod", "team-a", Map.of()))).isTrue();
        assertThat(policy.applies(new AdmissionSubject("Pod", "team-b", Map.of()))).isFalse();
        assertThat(((KeyAttestor) policy.rules().get(0).attestors().get(0).entries().get(0)).source())
                .as("a namespaced policy's Secret defaults to its namespace").isEqualTo(new KeySource.Reference("k8s://team-a/s"));
        assertThatThrownBy(() -> Policies.compile(yaml.replace(", namespace: team-a", "")))
                .hasMessage("compile policy SignetImagePolicy p: a namespaced policy needs metadata.namespace; use SignetClusterImagePolicy to apply it to every namespace");
    }

    @Test
    void notYaml_isAReadError() {
        assertThatThrownBy(() -> PolicyDocuments.read("a: [unclosed", "bad.yaml"))
                .isInstanceOf(PolicyException.class).hasMessageStartingWith("read documents bad.yaml: not valid YAML");
    }

    @Test
    void yamlAliasBomb_doesNotExpand() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        // aliases are resolved as kubectl resolves them, so the bomb is refused by the alias limit before it expands
        assertThatThrownBy(() -> PolicyDocuments.read(bomb.toString(), "bomb.yaml"))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("read documents bomb.yaml: not valid YAML: Number of aliases for non-scalar nodes exceeds the specified max=50");
    }

    @Test
    void yamlAnchorsAndMergeKeys_resolveAsKubectlResolvesThem() {
        var documents = PolicyDocuments.read("""
                x-image: &img registry.example.com/app:v1
                base: &base {name: c, imagePullPolicy: Always}
                spec:
                  containers:
                  - <<: *base
                    image: *img
                  - {<<: *base, name: d, image: other:v2}
                stamp: 2024-01-01
                flag: yes
                """, "anchors.yaml");
        var spec = documents.get(0).path("spec");
        assertThat(spec.at("/containers/0/image").asText()).as("the anchored value, not the anchor's name").isEqualTo("registry.example.com/app:v1");
        assertThat(spec.at("/containers/0/name").asText()).isEqualTo("c");
        assertThat(spec.at("/containers/1/name").asText()).as("explicit keys override merged ones").isEqualTo("d");
        assertThat(spec.at("/containers/1/imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(documents.get(0).path("stamp").asText()).as("timestamps stay text").isEqualTo("2024-01-01");
        assertThat(documents.get(0).path("flag").isBoolean()).as("YAML 1.1 booleans, as kubectl").isTrue();
    }

    @Test
    void yamlError_isOneLineInTheMessage_andKeepsYamlsReportWithItsLineBreaks() {
        assertThatThrownBy(() -> PolicyDocuments.read("spec:\n  a: b\n c: d\n", "bad.yaml"))
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain("\n").startsWith("read documents bad.yaml: not valid YAML: ").contains("(line 3, column");
                    assertThat(e.detail().orElseThrow()).contains("\n").contains("^");
                });
    }
}

package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 3 (offline half): a rule's {@code configMap} context resolved into its keys before it compiles, with
 * Kyverno's own test policy {@code configmap-context-lookup} (key {@code {{ keys.data.org }}} from ConfigMap default/keys).
 */
class KyvernoContextTest {
    private static final VerificationKey ORG = SigningKey.generate("org").verificationKey();

    private static CompiledPolicy compileWith(String yaml, KyvernoContext.ConfigMaps configMaps) {
        KyvernoContext.Resolved resolved = KyvernoContext.resolve(Policies.document(yaml), configMaps);
        return PolicyCompiler.compile(resolved.document(), "test.yaml");
    }

    private static final String LOOKUP = Policies.resource("kyverno-tests/verify-images_configmap-context-lookup.yaml");

    @Test
    void resolve_keyFromAGivenConfigMap_compilesToThatKey() {
        KyvernoContext.Resolved resolved = KyvernoContext.resolve(Policies.document(LOOKUP),
                (namespace, name) -> "default/keys".equals(namespace + "/" + name) ? Optional.of(Map.of("org", ORG.toPem())) : Optional.empty());
        CompiledPolicy policy = PolicyCompiler.compile(resolved.document(), "test.yaml");

        assertThat(resolved.notes()).containsExactly("rules[0].verifyImages[0].key: {{ keys.data.org }} resolved from the rule's context (ConfigMap default/keys) when the policy loads");
        assertThat(policy.rules().get(0).attestors().get(0).entries()).singleElement()
                .satisfies(entry -> assertThat(((KeyAttestor) entry).source()).isEqualTo(new KeySource.Inline(ORG)));
        assertThat(LoadReport.of(policy).cannotEvaluate()).isEmpty();
    }

    @Test
    void resolve_configMapNotGiven_leavesTheVariable_soTheEntryIsError() {
        KyvernoContext.Resolved resolved = KyvernoContext.resolve(Policies.document(LOOKUP), (namespace, name) -> Optional.empty());
        CompiledPolicy policy = PolicyCompiler.compile(resolved.document(), "test.yaml");

        assertThat(resolved.notes()).containsExactly("rules[0].context[0]: ConfigMap default/keys was not given",
                "rules[0].verifyImages[0].key: {{ keys.data.org }} did not resolve to text from the rule's context");
        assertThat(policy.rules().get(0).attestors().get(0).entries()).singleElement().isInstanceOf(UnsupportedAttestor.class);
    }

    @Test
    void resolve_namespacedPolicyReadingAnotherNamespace_isNotResolved_asKyvernoRefusesIt() {
        String yaml = LOOKUP.replace("kind: ClusterPolicy", "kind: Policy").replace("  name: verify-image-with-multi-keys",
                "  name: verify-image-with-multi-keys\n  namespace: team-a");
        KyvernoContext.Resolved resolved = KyvernoContext.resolve(Policies.document(yaml), (namespace, name) -> Optional.of(Map.of("org", ORG.toPem())));

        assertThat(resolved.notes()).first().asString().contains("a Policy in team-a may not read ConfigMap default/keys");
        assertThat(compileWith(yaml, (namespace, name) -> Optional.of(Map.of("org", ORG.toPem()))).rules().get(0).attestors().get(0).entries())
                .singleElement().isInstanceOf(UnsupportedAttestor.class);
    }

    @Test
    void resolve_certificateInAnAttestation_andJmesPathFunctions() {
        String yaml = """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: p}
                spec:
                  rules:
                  - name: r
                    match: {any: [{resources: {kinds: [Pod]}}]}
                    context: [{name: keys, configMap: {name: keys, namespace: signing}}]
                    verifyImages:
                    - imageReferences: ['*']
                      attestors: [{entries: [{keys: {publicKeys: "{{ join('', [keys.data.pub]) }}", rekor: {ignoreTlog: true}}}]}]
                      attestations:
                      - type: https://slsa.dev/provenance/v1
                        attestors: [{entries: [{keys: {publicKeys: "{{ keys.data.missing }}"}}]}]
                """;
        CompiledPolicy policy = compileWith(yaml, (namespace, name) -> Optional.of(Map.of("pub", "\n" + ORG.toPem() + "\n")));

        assertThat(((KeyAttestor) policy.rules().get(0).attestors().get(0).entries().get(0)).source()).isEqualTo(new KeySource.Inline(ORG));
        assertThat(policy.rules().get(0).attestations().get(0).attestors().get(0).entries()).singleElement().isInstanceOf(UnsupportedAttestor.class);
    }
}

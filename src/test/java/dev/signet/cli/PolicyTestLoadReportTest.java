package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 6: {@code policy test} prints each policy's load report (what is checked, more strictly, not at all),
 * places a namespaced policy that names no namespace in {@code --namespace}, and says what it found when a file holds
 * no policy. Nothing here reaches a registry: the pod's image is covered by no rule, or the input is refused first.
 */
class PolicyTestLoadReportTest {
    @TempDir
    Path dir;

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec: {containers: [{name: c, image: "other.test/app:1"}, {name: placeholder, image: " "}]}
            """;

    private CliRun policyTest(String policy, String... options) throws IOException {
        Path policyFile = Files.writeString(dir.resolve("policy.yaml"), policy);
        Path pod = Files.writeString(dir.resolve("pod.yaml"), POD);
        String[] args = new String[options.length + 5];
        args[0] = "policy";
        args[1] = "test";
        args[2] = "--policy=" + policyFile;
        System.arraycopy(options, 0, args, 3, options.length);
        args[args.length - 2] = "--timeout=5";
        args[args.length - 1] = pod.toString();
        return CliRun.of(Map.of("HOME", dir.toString()), args);
    }

    @Test
    void namespacedPolicyWithoutNamespace_takesTheNamespaceOption_andTheReportSaysWhatIsNotEvaluated() throws IOException {
        CliRun run = policyTest("""
                apiVersion: kyverno.io/v1
                kind: Policy
                metadata: {name: verify}
                spec:
                  rules:
                  - name: signed
                    match: {any: [{resources: {kinds: [Pod]}}]}
                    context: [{name: keys, configMap: {name: keys, namespace: signing}}]
                    verifyImages:
                    - imageReferences: ["registry.test/*"]
                      attestors: [{entries: [{keys: {publicKeys: "{{ keys.data.pub }}"}}]}]
                """, "--namespace=shop");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err())
                .contains("note: policy shop/verify: metadata.namespace is not set: the policy applies in namespace shop (--namespace)")
                .contains("policy Policy shop/verify (AUDIT, failurePolicy FAIL): partly not evaluated")
                .contains("  not evaluated (error: denied under failurePolicy Fail):\n    rules[0].verifyImages[0].attestors[0].entries[0]: the public key is"
                        + " the Kyverno variable {{ keys.data.pub }}");
        assertThat(run.out()).doesNotContain("placeholder");
    }

    @Test
    void configMapBesideThePolicy_feedsItsContext_asInKyvernosTests() throws IOException {
        String pem = dev.signet.keys.SigningKey.generate("org").verificationKey().toPem().strip().replace("\n", "\n    ");
        CliRun run = policyTest("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: keys, namespace: signing}
                data:
                  pub: |
                    %s
                ---
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: verify}
                spec:
                  rules:
                  - name: signed
                    match: {any: [{resources: {kinds: [Pod]}}]}
                    context: [{name: keys, configMap: {name: keys, namespace: signing}}]
                    verifyImages:
                    - imageReferences: ["registry.test/*"]
                      attestors: [{entries: [{keys: {publicKeys: "{{ keys.data.pub }}", rekor: {ignoreTlog: true}}}]}]
                """.formatted(pem));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("    rules[0].verifyImages[0].attestors[0].entries[0].keys.publicKeys: {{ keys.data.pub }}"
                + " resolved from the rule's context (ConfigMap signing/keys) when the policy loads").contains("signatures by 1 of 1 key").doesNotContain("not evaluated (error");
    }

    @Test
    void fileWithoutPolicy_namesWhatItFound() throws IOException {
        CliRun run = policyTest("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                ---
                apiVersion: kyverno.io/v2
                kind: CleanupPolicy
                metadata: {name: old}
                """);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no SignetClusterImagePolicy, SignetImagePolicy or Kyverno ClusterPolicy/Policy found, only kind \"Deployment\","
                + " apiVersion \"apps/v1\" (" + dir.resolve("policy.yaml") + "#0), kind \"CleanupPolicy\", apiVersion \"kyverno.io/v2\"");
    }
}

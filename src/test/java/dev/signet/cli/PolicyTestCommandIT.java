package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.reference.Repository;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signet policy test}: the blog post's policy, a manifest with a signed and an unsigned workload, exit codes. */
class PolicyTestCommandIT {
    private static LocalRegistry registry;
    private static HttpRegistryClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.anonymous();
        client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private Map<String, String> env() {
        return Map.of("COSIGN_PASSWORD", "pw", "HOME", dir.toString());
    }

    private Path blogPostPolicy(Repository repository) throws IOException {
        assertThat(CliRun.of(env(), "generate-key-pair", "--output-dir", dir.toString()).exitCode()).isZero();
        String pem = Files.readString(dir.resolve("cosign.pub")).lines().map(line -> "          " + line).collect(Collectors.joining("\n"));
        String policy = """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata:
                  name: check-image
                spec:
                  validationFailureAction: enforce
                  rules:
                    - name: check-image
                      match:
                        any:
                        - resources:
                            kinds: [Pod]
                      verifyImages:
                      - image: "REPO:*"
                        key: |-
                """.replace("REPO", repository.toString()) + pem + "\n";
        return Files.writeString(dir.resolve("policy.yaml"), policy);
    }

    private Path manifest(String... images) throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < images.length; i++) {
            yaml.append("---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-").append(i).append(", namespace: shop}\n")
                    .append("spec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: ").append(images[i]).append('\n');
        }
        yaml.append("---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n");
        return Files.writeString(dir.resolve("manifest.yaml"), yaml.toString());
    }

    @Test
    void signedWorkload_isAllowedWithItsPatch_unsignedIsDeniedAndExitsOne() throws Exception {
        Repository repository = registry.uniqueRepository("policy-test");
        Images.pushRandom(client, repository, "signed");
        Images.pushRandom(client, repository, "unsigned");
        Path policy = blogPostPolicy(repository);
        assertThat(CliRun.of(env(), "sign", "--key", dir.resolve("cosign.key").toString(), repository + ":signed").exitCode()).isZero();

        CliRun allowed = CliRun.of(env(), "policy", "test", "--policy", policy.toString(), manifest(repository + ":signed").toString());
        CliRun denied = CliRun.of(env(), "policy", "test", "--policy", policy.toString(),
                manifest(repository + ":signed", repository + ":unsigned").toString());

        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.out()).startsWith("Deployment shop/web-0: allowed\n  pass  image " + repository + ":signed (sha256:")
                .contains("  patch  replace /spec/template/spec/containers/0/image = " + repository + ":signed@sha256:");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.out()).contains("Deployment shop/web-0: allowed").contains("Deployment shop/web-1: denied")
                .contains("  fail  image " + repository + ":unsigned (sha256:").contains("policy check-image, rules[0].verifyImages[0], key: no signatures found");
    }

    /** A TaskRun's bundle, read by the policy's imageExtractors (no pod spec): signed allowed and pinned, unsigned denied. */
    @Test
    void tektonTaskRun_bundleReadByImageExtractors_signedIsAllowed_unsignedIsDenied() throws Exception {
        Repository repository = registry.uniqueRepository("policy-test-tekton");
        Images.pushRandom(client, repository, "signed");
        Images.pushRandom(client, repository, "unsigned");
        Path policy = Files.writeString(dir.resolve("tekton.yaml"), Files.readString(blogPostPolicy(repository))
                .replace("kinds: [Pod]", "kinds: [TaskRun]")
                .replace("      verifyImages:", "      imageExtractors:\n        TaskRun: [{name: taskruns, path: /spec/taskRef, value: bundle, key: name}]\n"
                        + "      verifyImages:"));
        assertThat(CliRun.of(env(), "sign", "--key", dir.resolve("cosign.key").toString(), repository + ":signed").exitCode()).isZero();
        String taskRun = "---\napiVersion: tekton.dev/v1beta1\nkind: TaskRun\nmetadata: {name: build-%s, namespace: ci}\n"
                + "spec:\n  taskRef: {name: build, bundle: '%s'}\n";
        Path manifest = Files.writeString(dir.resolve("taskruns.yaml"), taskRun.formatted("0", repository + ":signed")
                + taskRun.formatted("1", repository + ":unsigned"));

        CliRun run = CliRun.of(env(), "policy", "test", "--policy", policy.toString(), manifest.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("TaskRun ci/build-0: allowed\n  pass  image " + repository + ":signed (sha256:")
                .contains("  patch  replace /spec/taskRef/bundle = " + repository + ":signed@sha256:")
                .contains("TaskRun ci/build-1: denied\n  fail  image " + repository + ":unsigned (sha256:");
    }

    @Test
    void keyReferences_areReadFromKeysDir_orAreAnErrorThatDenies() throws Exception {
        Repository repository = registry.uniqueRepository("policy-keys");
        Images.pushRandom(client, repository, "v1");
        assertThat(CliRun.of(env(), "generate-key-pair", "--output-dir", dir.resolve("keys/signing/release").toString()).exitCode()).isZero();
        assertThat(CliRun.of(env(), "sign", "--key", dir.resolve("keys/signing/release/cosign.key").toString(), repository + ":v1").exitCode()).isZero();
        Path policy = Files.writeString(dir.resolve("cip.yaml"), "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: release}\n"
                + "spec:\n  verifyImages:\n  - imageReferences: [\"" + repository + "*\"]\n    attestors:\n    - entries:\n"
                + "      - keys: {secret: {name: release, namespace: signing}}\n");
        Path manifest = manifest(repository + ":v1");

        CliRun withKeys = CliRun.of(env(), "policy", "test", "--policy", policy.toString(), "--keys-dir", dir.resolve("keys").toString(), manifest.toString());
        CliRun offline = CliRun.of(env(), "policy", "test", "--policy", policy.toString(), manifest.toString());

        assertThat(withKeys.exitCode()).as(withKeys.out() + withKeys.err()).isZero();
        // denied only because the key could not be read: undecided (3), not a failed check (1)
        assertThat(offline.exitCode()).isEqualTo(3);
        assertThat(offline.out()).contains("error  image").contains("read key k8s://signing/release: policy test runs offline of Kubernetes; pass --keys-dir DIR");
    }

    @Test
    void aPolicyThatDoesNotCompile_isAnInputError() throws Exception {
        Path policy = Files.writeString(dir.resolve("bad.yaml"), "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: bad}\n"
                + "spec: {verifyImages: [{imageReferences: ['*']}]}\n");

        CliRun run = CliRun.of(env(), "policy", "test", "--policy", policy.toString(), manifest("nginx:1").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("load policy " + policy + ": compile policy bad: verifyImages[0] has no attestors");
    }

    @Test
    void aManifestWithoutWorkloads_isAnInputError() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yaml"), "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: p}\n"
                + "spec: {verifyImages: [{imageReferences: ['*'], key: 'k8s://a/b'}]}\n");
        Path services = Files.writeString(dir.resolve("svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n");

        CliRun run = CliRun.of(env(), "policy", "test", "--policy", policy.toString(), services.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("read manifest " + services + ": holds no Pod or workload");
    }
}

package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet policy test} evaluates Kyverno's subjects and operations from {@code --user}, {@code --group} and
 * {@code --operation}; without them they are unknown and never exclude (issue 13, item 1). The policy names a
 * registry nothing listens on, so a rule that applies ends in an undecided verdict, and one that is excluded in none.
 */
class PolicyTestSubjectsTest {
    @TempDir
    Path dir;
    private Map<String, String> env;

    @BeforeEach
    void files() throws IOException {
        env = Map.of("HOME", dir.toString());
        Files.writeString(dir.resolve("policy.yaml"), """
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
                      - subjects: [{kind: ServiceAccount, namespace: kube-system, name: "*-controller"}, {kind: Group, name: ops}]
                      - resources: {operations: [UPDATE]}
                    verifyImages:
                    - imageReferences: ["127.0.0.1:1/app*"]
                      key: k8s://signing/cosign
                """);
        Files.writeString(dir.resolve("pod.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: shop}
                spec: {containers: [{name: c, image: "127.0.0.1:1/app:1"}]}
                """);
    }

    private CliRun policyTest(String... options) {
        String[] args = new String[options.length + 6];
        args[0] = "policy";
        args[1] = "test";
        args[2] = "--policy";
        args[3] = dir.resolve("policy.yaml").toString();
        System.arraycopy(options, 0, args, 4, options.length);
        args[args.length - 2] = "--timeout=5";
        args[args.length - 1] = dir.resolve("pod.yaml").toString();
        return CliRun.of(env, args);
    }

    @Test
    void excludedServiceAccountGroupOrOperation_isNotVerified() {
        assertThat(policyTest("--user", "system:serviceaccount:kube-system:replicaset-controller").exitCode()).isZero();
        assertThat(policyTest("--user", "alice", "--group", "ops").exitCode()).isZero();
        assertThat(policyTest("--operation", "update").exitCode()).isZero();
    }

    @Test
    void otherUserOrUnknownUser_isVerified() {
        assertThat(policyTest("--user", "alice", "--operation", "CREATE").exitCode()).isNotZero();
        assertThat(policyTest().exitCode()).as("user and operation unknown: the exclude does not hold").isNotZero();
    }

    @Test
    void badOperationOrGroupWithoutUser_isAnInputError() {
        CliRun operation = policyTest("--operation", "PATCH");
        CliRun group = policyTest("--group", "ops");

        assertThat(operation.exitCode()).isEqualTo(2);
        assertThat(operation.err()).contains("--operation: \"PATCH\" is not CREATE, UPDATE, DELETE or CONNECT");
        assertThat(group.exitCode()).isEqualTo(2);
        assertThat(group.err()).contains("--group: needs --user");
    }
}

package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, item 15: every subcommand answers {@code --help} and {@code -h} (before, {@code signet verify --help}
 * answered "Missing required options"), {@code policy test} reads standard input as {@code -} and several files,
 * refuses a timeout that is not positive, tells "could not decide" (3) from "denied" (1), and shows YAML errors with
 * their line breaks.
 */
class CliConventionsTest {
    @TempDir
    Path dir;

    private static final String POLICY = """
            apiVersion: signet.dev/v1alpha1
            kind: SignetClusterImagePolicy
            metadata: {name: signed}
            spec:
              validationFailureAction: Enforce
              verifyImages:
              - imageReferences: ["127.0.0.1:1/*"]
                attestors:
                - entries:
                  - keys:
                      publicKeys: |
            """ + SigningKey.generate("policy").verificationKey().toPem().indent(12);

    private static CliRun run(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal() {
            @Override
            public Optional<String> env(String name) {
                return Optional.empty();
            }

            @Override
            public Optional<char[]> readSecret(String prompt) {
                return Optional.empty();
            }

            @Override
            public InputStream stdin() {
                return stdin;
            }
        };
        int code = SignetCommand.execute(terminal, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sign", "verify", "verify-blob", "attest", "verify-attestation", "generate-key-pair", "public-key", "triangulate", "policy"})
    void everySubcommand_answersHelp_withItsUsage(String command) {
        for (String flag : new String[] {"--help", "-h"}) {
            CliRun run = CliRun.of(Map.of(), command, flag);
            assertThat(run.exitCode()).as("%s %s: %s", command, flag, run.err()).isZero();
            assertThat(run.out()).startsWith("Usage: signet " + command);
        }
        assertThat(CliRun.of(Map.of(), "policy", "test", "--help").out()).startsWith("Usage: signet policy test");
    }

    @Test
    void version_namesTheProject() {
        CliRun run = CliRun.of(Map.of(), "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("signet ");
    }

    @Test
    void policyTest_timeoutMustBePositive() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yaml"), POLICY);
        CliRun run = CliRun.of(Map.of(), "policy", "test", "--policy", policy.toString(), "--timeout", "0", "-");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT_ERROR);
        assertThat(run.err()).contains("parse option --timeout: 0 is not a positive number of seconds");
    }

    @Test
    void policyTest_readsStdinAndSeveralFiles_andAnUnreachableRegistryIsExit3_notDenied() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yaml"), POLICY);
        Path first = Files.writeString(dir.resolve("a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        String pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: c, image: \"127.0.0.1:1/app@sha256:"
                + "a".repeat(64) + "\"}\n";

        CliRun run = run(new ByteArrayInputStream(pod.getBytes(StandardCharsets.UTF_8)),
                "policy", "test", "--policy", policy.toString(), "--timeout", "5", first.toString(), "-");

        assertThat(run.out()).as(run.err()).contains("Pod default/web: denied");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void policyTest_yamlError_keepsItsLineBreaks() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yaml"), POLICY);
        CliRun run = run(new ByteArrayInputStream("spec:\n  a: b\n c: d\n".getBytes(StandardCharsets.UTF_8)),
                "policy", "test", "--policy", policy.toString(), "-");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT_ERROR);
        assertThat(run.err()).as(run.err()).contains("Error: read documents (standard input): not valid YAML: ").contains("       ^");
        assertThat(run.err().lines().count()).as(run.err()).isGreaterThan(2);
        assertThat(run.err()).doesNotContain("Exception");
    }
}

package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify-attestation}'s keyless flags are {@code verify}'s ({@link KeylessFlags}) and are refused the same way,
 * before any registry is asked: a key or an identity, never both, and an identity needs an issuer (cosign's rule).
 * Verification itself, in both layouts against the real registry, is {@code VerifyAttestationKeylessIT}.
 */
class VerifyAttestationKeylessFlagsTest {
    private static final String IMAGE = "registry.invalid/acme/app@sha256:" + "a".repeat(64);
    private static final String SAN = "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main";
    private static final String ISSUER = "https://token.actions.githubusercontent.com";

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.of(Map.of("HOME", dir.toString()), args);
    }

    @Test
    void neitherKeyNorIdentity_isAnInputError() {
        CliRun run = run("verify-attestation", "--type", "slsaprovenance", IMAGE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT_ERROR);
        assertThat(run.err()).contains("give --key KEYREF, or --certificate-identity[-regexp] with --certificate-oidc-issuer[-regexp]");
    }

    @Test
    void keyAndIdentity_excludeEachOther() {
        CliRun run = run("verify-attestation", "--key", dir.resolve("cosign.pub").toString(), "--certificate-identity", SAN,
                "--certificate-oidc-issuer", ISSUER, IMAGE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT_ERROR);
        assertThat(run.err()).contains("--key and the --certificate-* flags exclude each other");
    }

    @Test
    void identityWithoutIssuer_isRefusedAsCosignRefusesIt() {
        CliRun run = run("verify-attestation", "--certificate-identity", SAN, IMAGE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT_ERROR);
        assertThat(run.err()).contains("keyless verification needs --certificate-oidc-issuer");
    }

    @Test
    void aTrustedRootFileThatIsMissing_isAnInputError_namingTheFile() {
        CliRun run = run("verify-attestation", "--certificate-identity", SAN, "--certificate-oidc-issuer", ISSUER, "--trusted-root",
                dir.resolve("absent.json").toString(), IMAGE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT_ERROR);
        assertThat(run.err()).contains("read trusted root " + dir.resolve("absent.json") + ": no such file");
    }

    @Test
    void help_listsTheKeylessFlags() {
        CliRun run = run("verify-attestation", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--certificate-identity", "--certificate-oidc-issuer", "--trusted-root", "--insecure-ignore-tlog", "--type");
    }
}

package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input a value type refuses outside Signet's exception hierarchy is still a one-line input error (exit 2). */
class CliInputErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aUsernameWithAColon_isAnInputErrorNotAStackTrace() {
        Map<String, String> env = Map.of("COSIGN_PASSWORD", "pw", "HOME", dir.toString());
        assertThat(CliRun.of(env, "generate-key-pair", "--output-dir", dir.toString()).exitCode()).isZero();

        CliRun run = CliRun.of(env, "verify", "--key", dir.resolve("cosign.pub").toString(), "--registry-username", "ci:bot",
                "--registry-password", "secret-password", "127.0.0.1:1/app:v1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Error: verify: a registry username must not contain ':'\n").doesNotContain("secret-password");
    }
}

package dev.signet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one of the npm {@code @sigstore/verify} harnesses in {@code .ci/sigstore-js/} on a directory of cases, the
 * independent verifier Signet's Sigstore artefacts are checked against. {@code .ci/run} installs node and the
 * package; elsewhere a test using it is skipped without them, except with {@code CI=true}, where it fails.
 */
public final class SigstoreJs {
    private static final Path HARNESS = Path.of(".ci/sigstore-js");

    private SigstoreJs() {
    }

    /** The harness's output; fails the test when the harness exits non-zero (some verdict was not the expected one). */
    public static String run(String script, Path dir) throws IOException, InterruptedException {
        boolean installed = Files.isDirectory(HARNESS.resolve("node_modules/@sigstore/verify"));
        if (!installed || !onPath("node")) {
            String why = "node and .ci/sigstore-js/node_modules are needed (npm ci --prefix .ci/sigstore-js, as .ci/run does)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            assumeTrue(false, why);
        }
        Path log = dir.resolve("sigstore-js.log");
        Process node = new ProcessBuilder("node", HARNESS.resolve(script).toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!node.waitFor(120, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            fail("run " + script + ": @sigstore/verify did not finish in 120 s");
        }
        String output = Files.readString(log);
        assertThat(node.exitValue()).as(output).isZero();
        return output;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}

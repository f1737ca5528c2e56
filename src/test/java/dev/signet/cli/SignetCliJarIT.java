package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.PemKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code target/signet-cli.jar}, run as users run it: a separate JVM, no Quarkus on the class path. */
class SignetCliJarIT {
    private static final Path JAR = Path.of("target", "signet-cli.jar");

    @TempDir
    Path dir;

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("COSIGN_PASSWORD");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }

    @Test
    void jar_isSelfContainedAndCarriesNoQuarkus() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.signet.cli.SignetCommand");
            assertThat(jar.getEntry("picocli/CommandLine.class")).isNotNull();
            assertThat(jar.getEntry("org/bouncycastle/crypto/generators/SCrypt.class")).isNotNull();
            assertThat(jar.stream().map(ZipEntry::getName))
                    .noneMatch(name -> name.startsWith("io/quarkus/") || name.startsWith("dev/signet/app/"));
        }
    }

    @Test
    void generateKeyPair_thenPublicKey_roundTripThroughTheJar() throws Exception {
        Result generated = run(Map.of("COSIGN_PASSWORD", "jar-pw"), "generate-key-pair");
        Result publicKey = run(Map.of("COSIGN_PASSWORD", "jar-pw"), "public-key", "--key", "cosign.key");
        Result wrong = run(Map.of("COSIGN_PASSWORD", "nope"), "public-key", "--key", "cosign.key");

        assertThat(generated.code()).as(generated.err()).isZero();
        assertThat(publicKey.code()).as(publicKey.err()).isZero();
        assertThat(publicKey.out()).isEqualTo(Files.readString(dir.resolve("cosign.pub")));
        assertThat(CosignEncryptedKey.decrypt(Files.readString(dir.resolve("cosign.key")), "jar-pw".toCharArray(), "k").verificationKey())
                .isEqualTo(PemKeys.parsePublicKey(publicKey.out(), "pub"));
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("decrypt key cosign.key: wrong password or corrupted key").doesNotContain("Exception");
    }

    @Test
    void policyTest_runsFromTheJar_policyYamlAndVerdictCacheIncluded() throws Exception {
        Files.writeString(dir.resolve("policy.yaml"), "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: p}\n"
                + "spec: {verifyImages: [{imageReferences: ['127.0.0.1:1/covered/*'], key: 'k8s://signing/release'}]}\n");
        Files.writeString(dir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n"
                + "spec: {containers: [{name: a, image: 'registry.example/uncovered:1'}, {name: b, image: '127.0.0.1:1/covered/app@sha256:"
                + "0".repeat(64) + "'}]}\n");

        Result result = run(Map.of(), "policy", "test", "--policy", "policy.yaml", "pod.yaml");

        // denied only by what could not be decided (the key, offline): 3, not a failed check
        assertThat(result.code()).as(result.err()).isEqualTo(3);
        assertThat(result.out()).contains("Pod default/web: denied").contains("skip  image registry.example/uncovered:1")
                .contains("error  image 127.0.0.1:1/covered/app@sha256:").contains("read key k8s://signing/release: policy test runs offline of Kubernetes");
        assertThat(result.err()).doesNotContain("Exception");
    }

    @Test
    void version_isTheProjectVersion_fromTheJarManifest() throws Exception {
        Result result = run(Map.of(), "--version");

        assertThat(result.code()).isZero();
        assertThat(result.out().strip()).matches("signet \\d+\\.\\d+\\.\\d+.*");
    }
}

package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.testing.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyCommandsTest {
    @TempDir
    Path dir;

    @Test
    void generateKeyPair_withCosignPassword_writesAKeyPairThatOpens() throws Exception {
        CliRun run = CliRun.of(Map.of("COSIGN_PASSWORD", "pw"), "generate-key-pair", "--output-dir", dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("Private key written to " + dir.resolve("cosign.key")).contains("Public key written to");
        String key = Files.readString(dir.resolve("cosign.key"));
        String pub = Files.readString(dir.resolve("cosign.pub"));
        assertThat(key).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(dir.resolve("cosign.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        SigningKey opened = CosignEncryptedKey.decrypt(key, "pw".toCharArray(), "cosign.key");
        assertThat(opened.verificationKey()).isEqualTo(PemKeys.parsePublicKey(pub, "cosign.pub"));
        assertThat(run.out() + run.err()).doesNotContain("pw\n").doesNotContain(key.lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void generateKeyPair_emptyPassword_isValidAsInCosign() throws Exception {
        CliRun run = CliRun.of(Map.of("COSIGN_PASSWORD", ""), "generate-key-pair", "--output-dir", dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(CosignEncryptedKey.decrypt(Files.readString(dir.resolve("cosign.key")), new char[0], "k")).isNotNull();
    }

    @Test
    void generateKeyPair_existingKey_isNeverOverwritten() throws Exception {
        Files.writeString(dir.resolve("cosign.key"), "precious");

        CliRun run = CliRun.of(Map.of("COSIGN_PASSWORD", "pw"), "generate-key-pair", "--output-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Error: write key " + dir.resolve("cosign.key") + ": file already exists; remove it or choose another --output-dir");
        assertThat(Files.readString(dir.resolve("cosign.key"))).isEqualTo("precious");
        assertThat(dir.resolve("cosign.pub")).doesNotExist();
    }

    @Test
    void generateKeyPair_noPasswordAndNoTerminal_failsWithAHint() {
        CliRun run = CliRun.of(Map.of(), "generate-key-pair", "--output-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("COSIGN_PASSWORD is not set and there is no terminal to prompt on; set COSIGN_PASSWORD (it may be empty)");
    }

    @Test
    void publicKey_ofCosignsOwnKey_printsItsCosignPub() throws Exception {
        Path key = dir.resolve("cosign.key");
        Files.writeString(key, Vectors.text("keys/cosign-label/cosign.key"));

        CliRun run = CliRun.of(Map.of("COSIGN_PASSWORD", "hello"), "public-key", "--key", key.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(Vectors.text("keys/cosign-label/cosign.pub"));
    }

    @Test
    void publicKey_fromEnvReference_readsTheVariable() {
        CliRun run = CliRun.of(Map.of("COSIGN_PASSWORD", "hello", "SIGNING_KEY", Vectors.text("keys/sigstore-label/cosign.key")),
                "public-key", "--key", "env://SIGNING_KEY");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(Vectors.text("keys/sigstore-label/cosign.pub"));
    }

    @Test
    void publicKey_wrongPassword_exitsTwoWithCosignsMessage() throws Exception {
        Path key = dir.resolve("cosign.key");
        Files.writeString(key, Vectors.text("keys/sigstore-label/cosign.key"));

        CliRun run = CliRun.of(Map.of("COSIGN_PASSWORD", "hunter2"), "public-key", "--key", key.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("Error: decrypt key " + key + ": wrong password or corrupted key");
        assertThat(run.err()).doesNotContain("hunter2");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void publicKey_missingFileOrVariable_saysWhichAndExitsTwo() {
        CliRun file = CliRun.of(Map.of(), "public-key", "--key", dir.resolve("absent.key").toString());
        CliRun env = CliRun.of(Map.of(), "public-key", "--key", "env://NOPE");

        assertThat(file.exitCode()).isEqualTo(2);
        assertThat(file.err()).contains("read key " + dir.resolve("absent.key") + ": no such file");
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.err()).contains("read key env://NOPE: environment variable NOPE is not set");
    }

    @Test
    void publicKey_unencryptedImportedKey_needsNoPassword() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Path file = dir.resolve("plain.pem");
        Files.writeString(file, PemKeys.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));

        CliRun run = CliRun.of(Map.of(), "public-key", "--key", file.toString(), "--outfile", dir.resolve("out.pub").toString());

        assertThat(run.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("out.pub"))).isEqualTo(PemKeys.publicKeyPem(pair.getPublic()));
    }

    @Test
    void usageErrors_exitTwo() {
        assertThat(CliRun.of(Map.of(), "public-key").exitCode()).isEqualTo(2);
        assertThat(CliRun.of(Map.of(), "no-such-verb").exitCode()).isEqualTo(2);
        assertThat(CliRun.of(Map.of(), "--help").out()).contains("generate-key-pair").contains("public-key");
    }
}

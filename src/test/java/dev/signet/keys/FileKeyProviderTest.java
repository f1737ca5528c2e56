package dev.signet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.KeyException;
import dev.signet.keys.SigningKey;
import dev.signet.testing.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyProviderTest {
    @TempDir
    Path dir;

    private void writeKey(String name, SigningKey key, String password, Instant modified) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("cosign.key"), CosignEncryptedKey.encrypt(key, password.toCharArray()));
        Files.writeString(folder.resolve("cosign.password"), password);
        Files.setLastModifiedTime(folder.resolve("cosign.key"), FileTime.from(modified));
    }

    @Test
    void signingKey_cosignsOwnKeyFiles_openWithTheirPassword() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("vector"));
        Files.writeString(folder.resolve("cosign.key"), Vectors.text("keys/sigstore-label/cosign.key"));
        Files.writeString(folder.resolve("cosign.password"), Vectors.text("keys/sigstore-label/password"));
        Files.writeString(folder.resolve("cosign.pub"), Vectors.text("keys/sigstore-label/cosign.pub"));
        FileKeyProvider provider = new FileKeyProvider(dir);

        assertThat(provider.signingKey("vector").verificationKey()).isEqualTo(provider.verificationKey("vector"));
    }

    @Test
    void signingKey_isDecryptedOncePerVersion_andARotationTakesEffect() throws Exception {
        SigningKey first = SigningKey.generate("first");
        writeKey("ci", first, "pw", Instant.parse("2026-01-01T00:00:00Z"));
        FileKeyProvider provider = new FileKeyProvider(dir);

        SigningKey loaded = provider.signingKey("ci");
        assertThat(provider.signingKey("ci")).as("cached: no second scrypt").isSameAs(loaded);
        SigningKey second = SigningKey.generate("second");
        writeKey("ci", second, "pw2", Instant.parse("2026-02-01T00:00:00Z"));

        assertThat(loaded.verificationKey()).isEqualTo(first.verificationKey());
        assertThat(provider.signingKey("ci").verificationKey()).isEqualTo(second.verificationKey());
    }

    @Test
    void signingKey_missingWrongOrHostileName_failsWithTheRightReason() throws Exception {
        writeKey("locked", SigningKey.generate("k"), "right", Instant.now());
        Files.writeString(dir.resolve("locked/cosign.password"), "wrong");
        FileKeyProvider provider = new FileKeyProvider(dir);

        assertThatThrownBy(() -> provider.signingKey("absent"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_NOT_FOUND))
                .hasMessageStartingWith("read key absent: no file ");
        assertThatThrownBy(() -> provider.signingKey("locked"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_LOCKED))
                .hasMessage("decrypt key locked: wrong password or corrupted key");
        assertThatThrownBy(() -> provider.signingKey("../etc"))
                .hasMessageStartingWith("read key ../etc: a file key is named by a folder name");
    }

    @Test
    void wrongPassword_isRememberedPerVersion_soProbesDoNotRunScryptAgain_andAFixedPasswordOpens() throws Exception {
        SigningKey key = SigningKey.generate("k");
        writeKey("locked", key, "right", Instant.parse("2026-01-01T00:00:00Z"));
        Files.writeString(dir.resolve("locked/cosign.password"), "wrong");
        FileKeyProvider provider = new FileKeyProvider(dir);

        for (int probe = 0; probe < 5; probe++) {
            assertThatThrownBy(() -> provider.signingKey("locked"))
                    .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_LOCKED));
        }
        assertThat(provider.decryptions()).as("one scrypt for the version, not one per call").isEqualTo(1);

        Files.writeString(dir.resolve("locked/cosign.password"), "right");
        // same size as "wrong": the version differs by its time, set apart explicitly for coarse file-system clocks
        Files.setLastModifiedTime(dir.resolve("locked/cosign.password"), FileTime.from(Instant.parse("2026-03-01T00:00:00Z")));
        assertThat(provider.signingKey("locked").verificationKey()).isEqualTo(key.verificationKey());
        assertThat(provider.decryptions()).isEqualTo(2);
    }
}

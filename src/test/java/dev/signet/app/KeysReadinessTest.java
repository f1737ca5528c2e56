package dev.signet.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.FileKeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.reference.ImagePattern;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.PushSigner;
import dev.signet.signing.SigningRule;
import dev.signet.testing.FakeRegistryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysReadinessTest {
    @TempDir
    Path dir;

    private KeysReadiness readiness(String... keyRefs) {
        FakeRegistryClient registry = new FakeRegistryClient();
        List<SigningRule> rules = Arrays.stream(keyRefs)
                .map(ref -> new SigningRule(List.of(ImagePattern.parse("*")), ref)).toList();
        FileKeyProvider keys = new FileKeyProvider(dir);
        return new KeysReadiness(new PushSigner(rules, Set.of(SignatureLayout.LEGACY), keys, registry, new ImageSigner(registry, Clock.systemUTC())), keys);
    }

    @Test
    void call_everyRuleKeyLoaded_isUpWithEachHint() throws Exception {
        SigningKey key = SigningKey.generate("ci");
        Files.createDirectories(dir.resolve("ci"));
        Files.writeString(dir.resolve("ci/cosign.key"), CosignEncryptedKey.encrypt(key, new char[0]));

        HealthCheckResponse response = readiness("ci").call();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow()).containsEntry("ci", "loaded, hint " + key.verificationKey().hint());
    }

    @Test
    void call_aMissingKey_isDownWithTheReason() throws Exception {
        Files.createDirectories(dir.resolve("ci"));
        Files.writeString(dir.resolve("ci/cosign.key"), CosignEncryptedKey.encrypt(SigningKey.generate("ci"), new char[0]));

        HealthCheckResponse response = readiness("ci", "prod").call();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow().get("prod").toString()).startsWith("read key prod: no file ");
    }
}

package dev.signet.testing;

import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.SigningKey;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The embedded default for {@code @QuarkusTest}s: a real distribution registry on loopback and a file key
 * {@code signet} (cosign layout) in a temporary keys directory; pushes to {@code 127.0.0.1:*}/{@code signed/*} are
 * signed, everything else is not. Tests reach both through the static accessors.
 */
public final class SignetAppResource implements QuarkusTestResourceLifecycleManager {
    /** The password of the test key, as {@code cosign.password} holds it. */
    public static final String PASSWORD = "test-password";
    private static volatile LocalRegistry registry;
    private static volatile SigningKey key;
    private Path keysDir;

    @Override
    public Map<String, String> start() {
        registry = LocalRegistry.anonymous();
        key = SigningKey.generate("signet");
        try {
            keysDir = Files.createTempDirectory("signet-keys");
            Path folder = Files.createDirectories(keysDir.resolve("signet"));
            Files.writeString(folder.resolve("cosign.key"), CosignEncryptedKey.encrypt(key, PASSWORD.toCharArray()));
            Files.writeString(folder.resolve("cosign.pub"), key.verificationKey().toPem());
            Files.write(folder.resolve("cosign.password"), PASSWORD.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "signet.keys.source", "files",
                "signet.keys.dir", keysDir.toString(),
                "signet.signing.rules[0].images", "127.0.0.1:*/signed/*",
                "signet.signing.rules[0].key", "signet",
                "signet.signing.format", "legacy");
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
        }
        if (keysDir != null) {
            try (Stream<Path> files = Files.walk(keysDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static LocalRegistry registry() {
        return registry;
    }

    /** The signing key behind the {@code signet} key name. */
    public static SigningKey key() {
        return key;
    }
}

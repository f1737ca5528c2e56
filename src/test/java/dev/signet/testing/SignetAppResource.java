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
 * signed, to {@code attested/*} signed and attested (a push attestation), everything else is not; admission requires that signature of {@code signed/*} and {@code unsigned/*} images. Tests reach both through the static accessors.
 */
public final class SignetAppResource implements QuarkusTestResourceLifecycleManager {
    /** The password of the test key, as {@code cosign.password} holds it. */
    public static final String PASSWORD = "test-password";
    private static volatile LocalRegistry registry;
    private static volatile SigningKey key;
    /**
     * The admission policy: images under {@code signed/} and {@code unsigned/} on a loopback registry must carry a
     * signature by the {@code signet} key, named as a cluster policy would name its Secret.
     */
    public static final String POLICY = """
            apiVersion: signet.dev/v1alpha1
            kind: SignetClusterImagePolicy
            metadata:
              name: signed-only
            spec:
              validationFailureAction: Enforce
              verifyImages:
              - imageReferences: ["127.0.0.1:*/signed/*", "127.0.0.1:*/unsigned/*"]
                attestors:
                - entries:
                  - keys:
                      publicKeys: k8s://signet-system/signet
            """;
    private Path keysDir;
    private Path policiesDir;

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
        try {
            policiesDir = Files.createTempDirectory("signet-policies");
            Files.writeString(policiesDir.resolve("signed-only.yaml"), POLICY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "signet.keys.source", "files",
                "signet.keys.dir", keysDir.toString(),
                "signet.policies.source", "files",
                "signet.policies.dir", policiesDir.toString(),
                "signet.signing.rules[0].images", "127.0.0.1:*/signed/*",
                "signet.signing.rules[0].key", "signet",
                "signet.signing.rules[1].images", "127.0.0.1:*/attested/*",
                "signet.signing.rules[1].key", "signet",
                "signet.signing.rules[1].attest-push", "true",
                "signet.signing.format", "legacy");
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
        }
        for (Path dir : new Path[] {keysDir, policiesDir}) {
            if (dir == null) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
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

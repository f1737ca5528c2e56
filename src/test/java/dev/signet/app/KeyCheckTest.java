package dev.signet.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Reason;
import dev.signet.json.Json;
import dev.signet.keys.KeyException;
import dev.signet.keys.VerificationKey;
import dev.signet.kms.CachedKmsKeys;
import dev.signet.kms.KmsKeyProvider;
import dev.signet.kms.KmsPublicKeys;
import dev.signet.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.FileKeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.policy.PolicyRepository;
import dev.signet.reference.ImagePattern;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.PushSigner;
import dev.signet.signing.SigningRule;
import dev.signet.testing.FakeRegistryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 14: every key a signing rule or a policy names is checked before anything needs it, and the bad ones
 * are named (with where they are named) until they are fixed.
 */
class KeyCheckTest {
    @TempDir
    Path dir;

    @Test
    void missingAndLockedKeys_areNamedWithWhereTheyAreUsed_untilFixed() throws Exception {
        FakeRegistryClient registry = new FakeRegistryClient();
        FileKeyProvider keys = new FileKeyProvider(dir);
        PushSigner signer = new PushSigner(List.of(new SigningRule(List.of(ImagePattern.parse("*")), "signer")), Set.of(SignatureLayout.LEGACY),
                keys, registry, new ImageSigner(registry, Clock.systemUTC()));
        PolicyRepository policies = new PolicyRepository();
        policies.put("p", Json.yaml().readTree("""
                apiVersion: signet.dev/v1alpha1
                kind: SignetClusterImagePolicy
                metadata: {name: team}
                spec:
                  verifyImages:
                  - imageReferences: ["registry.example.com/*"]
                    attestors:
                    - entries:
                      - keys: {publicKeys: "k8s://signet-system/team-key-pub"}
                """), "team.yaml");
        SigningKey key = SigningKey.generate("signer");
        Files.createDirectories(dir.resolve("signer"));
        Files.writeString(dir.resolve("signer/cosign.key"), CosignEncryptedKey.encrypt(key, "right".toCharArray()));
        Files.writeString(dir.resolve("signer/cosign.password"), "wrong");
        KeyCheck check = new KeyCheck(signer, keys, policies);

        check.check();

        assertThat(check.problems()).containsOnlyKeys("key signer (signing rule)",
                "key k8s://signet-system/team-key-pub (policy team, verifyImages[0])");
        assertThat(check.problems().get("key signer (signing rule)")).isEqualTo("decrypt key signer: wrong password or corrupted key");
        assertThat(check.policyProblems()).containsOnlyKeys("key k8s://signet-system/team-key-pub (policy team, verifyImages[0])");
        assertThat(check.problems().toString()).doesNotContain("right").doesNotContain("PRIVATE");

        Files.writeString(dir.resolve("signer/cosign.password"), "right");
        // same size as "wrong": the new version differs by its time, set apart for coarse file-system clocks
        Files.setLastModifiedTime(dir.resolve("signer/cosign.password"), FileTime.fromMillis(0));
        Files.createDirectories(dir.resolve("team-key-pub"));
        Files.writeString(dir.resolve("team-key-pub/cosign.pub"), SigningKey.generate("team").verificationKey().toPem());
        check.check();

        assertThat(check.problems()).isEmpty();
    }

    @Test
    void kmsKey_unreachableAfterItsFirstFetch_isNamedWhileTheLastKeyStaysInUse() throws Exception {
        FakeRegistryClient registry = new FakeRegistryClient();
        AtomicBoolean down = new AtomicBoolean();
        VerificationKey served = SigningKey.generate("kms").verificationKey();
        KmsPublicKeys vault = uri -> {
            if (down.get()) {
                throw new KeyException(Reason.KEY_NOT_FOUND, "fetch KMS public key", uri.text(), "Vault answered 503");
            }
            return served;
        };
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
        KmsKeyProvider keys = new KmsKeyProvider(new FileKeyProvider(dir), new CachedKmsKeys(vault, clock, Duration.ofMinutes(10),
                Duration.ofSeconds(30), Runnable::run));
        PushSigner signer = new PushSigner(List.of(), Set.of(SignatureLayout.LEGACY), keys, registry, new ImageSigner(registry, Clock.systemUTC()));
        PolicyRepository policies = new PolicyRepository();
        policies.put("p", Json.yaml().readTree("""
                apiVersion: policy.sigstore.dev/v1beta1
                kind: ClusterImagePolicy
                metadata: {name: vault}
                spec:
                  images: [{glob: "registry.example.com/*"}]
                  authorities:
                  - key: {kms: "hashivault://cosign"}
                """), "vault.yaml");
        KeyCheck check = new KeyCheck(signer, keys, policies);

        check.check();
        assertThat(check.policyProblems()).isEmpty();

        down.set(true);
        clock.advance(Duration.ofMinutes(10));
        check.check();

        assertThat(check.policyProblems()).containsOnlyKeys("key hashivault://cosign (policy vault, spec)");
        assertThat(check.policyProblems().values()).singleElement().asString()
                .isEqualTo("the last key fetched stays in use: fetch KMS public key hashivault://cosign: Vault answered 503");
        assertThat(keys.verificationKey("hashivault://cosign")).isSameAs(served);
    }
}

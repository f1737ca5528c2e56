package dev.signet.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.KeyException;
import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.testing.Vectors;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretKeyProviderTest {
    private static final String VECTOR = "keys/sigstore-label/";

    private final MockKubernetes kube = new MockKubernetes();
    private final SecretKeyProvider provider = new SecretKeyProvider(kube.client());

    @AfterEach
    void close() {
        provider.close();
        kube.close();
    }

    /** cosign's own generate-key-pair output (password "hello"), stored the way cosign stores it. */
    private void putCosignVector(String namespace, String name) {
        kube.putSecret(namespace, name, SecretKeys.TYPE_OPAQUE, Map.of(
                SecretKeys.COSIGN_KEY, Vectors.bytes(VECTOR + "cosign.key"),
                SecretKeys.COSIGN_PUB, Vectors.bytes(VECTOR + "cosign.pub"),
                SecretKeys.COSIGN_PASSWORD, Vectors.bytes(VECTOR + "password")));
    }

    private static Map<String, byte[]> keyData(SigningKey key, String password) {
        return Map.of(
                SecretKeys.COSIGN_KEY, CosignEncryptedKey.encrypt(key, password.toCharArray()).getBytes(StandardCharsets.UTF_8),
                SecretKeys.COSIGN_PUB, key.verificationKey().toPem().getBytes(StandardCharsets.UTF_8),
                SecretKeys.COSIGN_PASSWORD, password.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void signingKey_cosignVectorSecret_loadsTheKeyCosignGenerated() {
        putCosignVector("signing", "cosign");
        VerificationKey expected = PemKeys.parsePublicKey(Vectors.text(VECTOR + "cosign.pub"), "vector");

        SigningKey key = provider.signingKey("k8s://signing/cosign");

        assertThat(key.verificationKey()).isEqualTo(expected);
        byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
        assertThat(expected.verify(payload, key.sign(payload))).isTrue();
        assertThat(key.verificationKey().name()).isEqualTo("k8s://signing/cosign");
    }

    @Test
    void verificationKey_cosignVectorSecret_readsCosignPub() {
        putCosignVector("signing", "cosign");

        VerificationKey key = provider.verificationKey("k8s://signing/cosign");

        assertThat(key).isEqualTo(PemKeys.parsePublicKey(Vectors.text(VECTOR + "cosign.pub"), "vector"));
        assertThat(provider.decryptions()).isZero();
    }

    @Test
    void signingKey_secretWrittenBySecretKeyWriter_loadsTheWrittenKey() {
        VerificationKey written = new SecretKeyWriter(kube.client()).generate("k8s://signing/generated", "s3cret".toCharArray());

        assertThat(provider.signingKey("k8s://signing/generated").verificationKey()).isEqualTo(written);
        assertThat(provider.verificationKey("k8s://signing/generated")).isEqualTo(written);
    }

    @Test
    void verificationKey_publicKeyOnlySecret_needsNothingOfTheKeyPairSecret() {
        VerificationKey written = new SecretKeyWriter(kube.client()).generate("k8s://signing/generated", "s3cret".toCharArray());
        kube.client().secrets().inNamespace("signing").withName("generated").delete();

        assertThat(provider.verificationKey("k8s://signing/generated-pub")).isEqualTo(written);
        assertThat(provider.decryptions()).isZero();
        assertThatThrownBy(() -> provider.signingKey("k8s://signing/generated-pub"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MALFORMED))
                .hasMessageStartingWith("read key k8s://signing/generated-pub: secret signing/generated-pub has no data key cosign.key");
    }

    @Test
    void signingKey_unchangedSecret_decryptsOnlyOnce() {
        putCosignVector("signing", "cosign");

        SigningKey first = provider.signingKey("k8s://signing/cosign");
        SigningKey second = provider.signingKey("k8s://signing/cosign");
        provider.signingKey("k8s://signing/cosign");

        assertThat(second).isSameAs(first);
        assertThat(provider.decryptions()).isEqualTo(1);
    }

    @Test
    void signingKey_concurrentFirstCalls_decryptOnce() throws Exception {
        putCosignVector("signing", "cosign");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<SigningKey>> calls = IntStream.range(0, 8).<Callable<SigningKey>>mapToObj(i -> () -> provider.signingKey("k8s://signing/cosign")).toList();
            List<Future<SigningKey>> results = pool.invokeAll(calls);

            SigningKey first = results.get(0).get();
            for (Future<SigningKey> result : results) {
                assertThat(result.get()).isSameAs(first);
            }
            assertThat(provider.decryptions()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void signingKey_apiGoneAfterFirstRead_servesTheLastSeenKey() {
        putCosignVector("signing", "cosign");
        SigningKey key = provider.signingKey("k8s://signing/cosign");

        kube.stopServer();

        assertThat(provider.signingKey("k8s://signing/cosign")).isSameAs(key);
        assertThat(provider.status("k8s://signing/cosign").loaded()).isTrue();
    }

    @Test
    void signingKey_passwordNotUtf8_keyMalformed() {
        kube.putSecret("signing", "binary-password", SecretKeys.TYPE_OPAQUE, Map.of(
                SecretKeys.COSIGN_KEY, Vectors.bytes(VECTOR + "cosign.key"),
                SecretKeys.COSIGN_PASSWORD, new byte[] {(byte) 0xff, (byte) 0xfe}));

        assertThatThrownBy(() -> provider.signingKey("k8s://signing/binary-password"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MALFORMED))
                .hasMessage("read key k8s://signing/binary-password: data key cosign.password is not UTF-8 text");
    }

    @Test
    void signingKey_secretUpdated_returnsNewKeyWithoutRestart() {
        SigningKey oldKey = SigningKey.generate("old");
        SigningKey newKey = SigningKey.generate("new");
        kube.putSecret("signing", "rotating", SecretKeys.TYPE_OPAQUE, keyData(oldKey, "one"));
        assertThat(provider.signingKey("k8s://signing/rotating").verificationKey()).isEqualTo(oldKey.verificationKey());

        kube.replaceData("signing", "rotating", keyData(newKey, "two"));

        MockKubernetes.await("the rotated key", () ->
                provider.signingKey("k8s://signing/rotating").verificationKey().equals(newKey.verificationKey()));
        assertThat(provider.verificationKey("k8s://signing/rotating")).isEqualTo(newKey.verificationKey());
        provider.signingKey("k8s://signing/rotating");
        assertThat(provider.decryptions()).isEqualTo(2);
    }

    @Test
    void onChange_hearsRotationAndDeletion_ofTheKeysItServed_withTheirReference() {
        List<String> changed = new CopyOnWriteArrayList<>();
        provider.onChange(changed::add);
        SigningKey key = SigningKey.generate("watched");
        kube.putSecret("signing", "watched", SecretKeys.TYPE_OPAQUE, keyData(key, "one"));
        provider.verificationKey("k8s://signing/watched");
        assertThat(changed).as("the first read is no change").isEmpty();

        kube.replaceData("signing", "watched", keyData(SigningKey.generate("rotated"), "two"));
        MockKubernetes.await("the rotation to be heard", () -> changed.contains("k8s://signing/watched"));
        changed.clear();
        kube.deleteSecret("signing", "watched");
        MockKubernetes.await("the deletion to be heard", () -> changed.contains("k8s://signing/watched"));
    }

    @Test
    void signingKey_immutableSecretDeletedAndRecreated_followsBoth() {
        SecretKeyWriter writer = new SecretKeyWriter(kube.client());
        VerificationKey first = writer.generate("k8s://signing/immutable", "one".toCharArray());
        assertThat(provider.signingKey("k8s://signing/immutable").verificationKey()).isEqualTo(first);

        kube.deleteSecret("signing", "immutable");
        kube.deleteSecret("signing", "immutable-pub"); // rotation replaces both; the writer overwrites neither
        // the watch alone drops the decrypted key: no call to the provider in between
        MockKubernetes.await("the key to be forgotten", () -> provider.toString().equals("SecretKeyProvider[keys=[]]"));
        assertThat(provider.status("k8s://signing/immutable").reason()).isEqualTo(Reason.KEY_NOT_FOUND);
        VerificationKey second = writer.generate("k8s://signing/immutable", "two".toCharArray());

        MockKubernetes.await("the new key", () -> provider.status("k8s://signing/immutable").loaded());
        assertThat(provider.signingKey("k8s://signing/immutable").verificationKey()).isEqualTo(second).isNotEqualTo(first);
    }

    @Test
    void signingKey_secretMissing_keyNotFoundNamingTheSecret() {
        assertThatThrownBy(() -> provider.signingKey("k8s://signing/absent"))
                .isInstanceOfSatisfying(KeyException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.KEY_NOT_FOUND);
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.subject()).isEqualTo("k8s://signing/absent");
                })
                .hasMessage("read key k8s://signing/absent: secret signing/absent not found");
    }

    @Test
    void signingKey_noCosignKeyDataKey_keyMalformedNamingIt() {
        kube.putSecret("signing", "partial", SecretKeys.TYPE_OPAQUE, Map.of(
                SecretKeys.COSIGN_PUB, Vectors.bytes(VECTOR + "cosign.pub"),
                SecretKeys.COSIGN_PASSWORD, Vectors.bytes(VECTOR + "password")));

        assertThatThrownBy(() -> provider.signingKey("k8s://signing/partial"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MALFORMED))
                .hasMessageStartingWith("read key k8s://signing/partial: secret signing/partial has no data key cosign.key");
        assertThat(provider.verificationKey("k8s://signing/partial")).isNotNull();
    }

    @Test
    void verificationKey_noCosignPubDataKey_keyMalformedNamingIt() {
        kube.putSecret("signing", "private-only", SecretKeys.TYPE_OPAQUE, Map.of(
                SecretKeys.COSIGN_KEY, Vectors.bytes(VECTOR + "cosign.key"),
                SecretKeys.COSIGN_PASSWORD, Vectors.bytes(VECTOR + "password")));

        assertThatThrownBy(() -> provider.verificationKey("k8s://signing/private-only"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MALFORMED))
                .hasMessageContaining("has no data key cosign.pub");
    }

    @Test
    void signingKey_wrongPassword_keyLockedWithoutThePassword() {
        kube.putSecret("signing", "wrong", SecretKeys.TYPE_OPAQUE, Map.of(
                SecretKeys.COSIGN_KEY, Vectors.bytes(VECTOR + "cosign.key"),
                SecretKeys.COSIGN_PUB, Vectors.bytes(VECTOR + "cosign.pub"),
                SecretKeys.COSIGN_PASSWORD, "not-hello".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> provider.signingKey("k8s://signing/wrong"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_LOCKED))
                .hasMessage("decrypt key k8s://signing/wrong: wrong password or corrupted key")
                .message().doesNotContain("not-hello");
        assertThatThrownBy(() -> provider.signingKey("k8s://signing/wrong")).hasMessageContaining("wrong password");
        assertThat(provider.decryptions()).as("scrypt runs once per secret version, failed or not").isEqualTo(1);
    }

    @Test
    void signingKey_noPasswordDataKey_opensWithTheEmptyPasswordAsCosignDoes() {
        SigningKey key = SigningKey.generate("empty");
        kube.putSecret("signing", "no-password", SecretKeys.TYPE_OPAQUE, Map.of(
                SecretKeys.COSIGN_KEY, CosignEncryptedKey.encrypt(key, new char[0]).getBytes(StandardCharsets.UTF_8),
                SecretKeys.COSIGN_PUB, key.verificationKey().toPem().getBytes(StandardCharsets.UTF_8)));

        assertThat(provider.signingKey("k8s://signing/no-password").verificationKey()).isEqualTo(key.verificationKey());
    }

    @Test
    void signingKey_noPasswordDataKeyButKeyNeedsOne_keyLockedNamingTheMissingDataKey() {
        kube.putSecret("signing", "no-password", SecretKeys.TYPE_OPAQUE, Map.of(
                SecretKeys.COSIGN_KEY, Vectors.bytes(VECTOR + "cosign.key"),
                SecretKeys.COSIGN_PUB, Vectors.bytes(VECTOR + "cosign.pub")));

        assertThatThrownBy(() -> provider.signingKey("k8s://signing/no-password"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_LOCKED))
                .hasMessageContaining("has no data key cosign.password");
    }

    @Test
    void signingKey_malformedKeyRef_keyNotFoundBeforeAnyApiCall() {
        assertThatThrownBy(() -> provider.signingKey("k8s://Signing/key"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_NOT_FOUND))
                .hasMessageStartingWith("read key k8s://Signing/key: namespace \"Signing\" is not a DNS-1123 label");
    }

    @Test
    void status_loadedAndMissingKeys_reportsWithoutThrowing() {
        putCosignVector("signing", "cosign");

        KeyStatus loaded = provider.status("k8s://signing/cosign");
        KeyStatus missing = provider.status("k8s://signing/absent");

        assertThat(loaded.loaded()).isTrue();
        assertThat(loaded.reason()).isNull();
        assertThat(loaded.detail()).startsWith("hint ").doesNotContain("hello");
        assertThat(missing.loaded()).isFalse();
        assertThat(missing.reason()).isEqualTo(Reason.KEY_NOT_FOUND);
        assertThat(missing.isTransient()).isFalse();
        assertThat(missing.detail()).isEqualTo("read key k8s://signing/absent: secret signing/absent not found");
    }

    @Test
    void signingKey_apiUnreachable_kubernetesUnavailableAndTransient() {
        try (KubernetesClient unreachable = MockKubernetes.unreachableClient();
                SecretKeyProvider offline = new SecretKeyProvider(unreachable, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> offline.signingKey("k8s://signing/cosign"))
                    .isInstanceOfSatisfying(KeyException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.KUBERNETES_UNAVAILABLE);
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.getCause()).isNotNull();
                    })
                    .hasMessageStartingWith("read key k8s://signing/cosign: the Kubernetes API is unreachable");
            KeyStatus status = offline.status("k8s://signing/cosign");
            assertThat(status.loaded()).isFalse();
            assertThat(status.isTransient()).isTrue();
        }
    }

    @Test
    void signingKey_rbacDeniesTheSecret_permanentKeyNotFoundWithRbacHint() {
        try (ForbiddingApiServer forbidding = new ForbiddingApiServer();
                SecretKeyProvider denied = new SecretKeyProvider(forbidding.client(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> denied.signingKey("k8s://signing/cosign"))
                    .isInstanceOfSatisfying(KeyException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.KEY_NOT_FOUND);
                        assertThat(e.isTransient()).isFalse();
                    })
                    .hasMessageContaining("denied reading secret signing/cosign (403)")
                    .hasMessageContaining("grant get, list and watch on secrets/cosign in namespace signing");
        }
    }

    @Test
    void toString_loadedKey_namesNoMaterial() {
        putCosignVector("signing", "cosign");
        SigningKey key = provider.signingKey("k8s://signing/cosign");

        assertThat(provider.toString()).isEqualTo("SecretKeyProvider[keys=[signing/cosign]]");
        assertThat(key.toString()).doesNotContain("hello").doesNotContain("PRIVATE");
    }
}

package dev.signet.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.KeyException;
import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretKeyWriterTest {
    private final MockKubernetes kube = new MockKubernetes();
    private final SecretKeyWriter writer = new SecretKeyWriter(kube.client());

    @AfterEach
    void close() {
        kube.close();
    }

    private static String data(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void generate_newSecret_writesCosignLayoutImmutableAndOpaque() {
        VerificationKey publicKey = writer.generate("k8s://signing/release", "s3cret".toCharArray());

        Secret secret = kube.getSecret("signing", "release");
        assertThat(secret.getData()).containsOnlyKeys("cosign.key", "cosign.pub", "cosign.password");
        assertThat(secret.getImmutable()).isTrue();
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getMetadata().getLabels()).isNullOrEmpty();
        assertThat(data(secret, "cosign.password")).isEqualTo("s3cret");
        assertThat(data(secret, "cosign.key")).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----");
        assertThat(PemKeys.parsePublicKey(data(secret, "cosign.pub"), "pub")).isEqualTo(publicKey);
        SigningKey decrypted = CosignEncryptedKey.decrypt(data(secret, "cosign.key"), "s3cret".toCharArray(), "key");
        assertThat(decrypted.verificationKey()).isEqualTo(publicKey);
    }

    @Test
    void generate_alsoWritesNamePubWithThePublicKeyAlone_immutable() {
        VerificationKey publicKey = writer.generate("k8s://signing/release", "s3cret".toCharArray());

        Secret secret = kube.getSecret("signing", "release-pub");
        assertThat(secret.getData()).containsOnlyKeys("cosign.pub");
        assertThat(secret.getImmutable()).isTrue();
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getMetadata().getAnnotations()).containsEntry(SecretKeyWriter.PUBLIC_KEY_OF, "release");
        assertThat(PemKeys.parsePublicKey(data(secret, "cosign.pub"), "pub")).isEqualTo(publicKey);
    }

    @Test
    void write_publicSecretAlreadyExists_saysTheKeyPairIsWritten_andHowToMakeThePublicOne() {
        writer.generate("k8s://signing/other", "one".toCharArray());
        kube.client().secrets().inNamespace("signing").withName("other").delete();
        MockKubernetes.await("the key pair to be deleted", () -> kube.client().secrets().inNamespace("signing").withName("other").get() == null);

        assertThatThrownBy(() -> writer.generate("k8s://signing/other", "two".toCharArray()))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INPUT_INVALID))
                .hasMessage("write key k8s://signing/other: the key pair is in secret signing/other, but its public key is not stored: "
                        + "secret signing/other-pub already exists; delete signing/other-pub if it is stale, then create it from the key "
                        + "pair's cosign.pub: kubectl -n signing create secret generic other-pub --from-file=cosign.pub");
        assertThat(kube.getSecret("signing", "other").getData()).containsKey("cosign.key");
    }

    @Test
    void write_nameWithoutRoomForThePubSuffix_refusedBeforeWritingAnything() {
        String name = "k".repeat(252);

        assertThatThrownBy(() -> writer.generate("k8s://signing/" + name, "x".toCharArray()))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_NOT_FOUND))
                .hasMessageContaining("leaves no room for the public-key secret");
        assertThat(kube.client().secrets().inNamespace("signing").list().getItems()).isEmpty();
    }

    @Test
    void write_givenKeyAndEmptyPassword_storesThemAsCosignWould() {
        SigningKey key = SigningKey.generate("imported");

        writer.write("k8s://signing/imported", key, new char[0]);

        Secret secret = kube.getSecret("signing", "imported");
        assertThat(data(secret, "cosign.password")).isEmpty();
        assertThat(CosignEncryptedKey.decrypt(data(secret, "cosign.key"), new char[0], "key").verificationKey()).isEqualTo(key.verificationKey());
    }

    @Test
    void write_secretAlreadyExists_refusesAndKeepsTheOldKey() {
        VerificationKey first = writer.generate("k8s://signing/release", "one".toCharArray());

        assertThatThrownBy(() -> writer.generate("k8s://signing/release", "two".toCharArray()))
                .isInstanceOfSatisfying(KeyException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INPUT_INVALID);
                    assertThat(e.isTransient()).isFalse();
                })
                .hasMessageStartingWith("write key k8s://signing/release: secret signing/release already exists; ")
                .message().doesNotContain("two");
        Secret kept = kube.getSecret("signing", "release");
        assertThat(PemKeys.parsePublicKey(data(kept, "cosign.pub"), "pub")).isEqualTo(first);
        assertThat(data(kept, "cosign.password")).isEqualTo("one");
    }

    @Test
    void write_malformedKeyRef_keyNotFoundWithoutWriting() {
        assertThatThrownBy(() -> writer.generate("k8s://signing", "x".toCharArray()))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_NOT_FOUND))
                .hasMessage("write key k8s://signing: expected k8s://NAMESPACE/NAME");
    }

    @Test
    void write_apiUnreachable_kubernetesUnavailableAndTransient() {
        try (KubernetesClient unreachable = MockKubernetes.unreachableClient()) {
            SecretKeyWriter offline = new SecretKeyWriter(unreachable);

            assertThatThrownBy(() -> offline.generate("k8s://signing/release", "x".toCharArray()))
                    .isInstanceOfSatisfying(KeyException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.KUBERNETES_UNAVAILABLE);
                        assertThat(e.isTransient()).isTrue();
                    })
                    .hasMessageStartingWith("write key k8s://signing/release: the Kubernetes API is unreachable");
        }
    }

    @Test
    void write_rbacDeniesCreate_permanentWithRbacHint() {
        try (ForbiddingApiServer forbidding = new ForbiddingApiServer()) {
            SecretKeyWriter denied = new SecretKeyWriter(forbidding.client());

            assertThatThrownBy(() -> denied.generate("k8s://signing/release", "x".toCharArray()))
                    .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("denied creating secret signing/release (403)");
        }
    }
}

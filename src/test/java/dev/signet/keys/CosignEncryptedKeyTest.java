package dev.signet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CosignEncryptedKeyTest {
    private static final char[] HELLO = "hello".toCharArray();

    static Stream<Arguments> cosignKeys() {
        return Stream.of(
                Arguments.of(Named("ENCRYPTED SIGSTORE PRIVATE KEY"), "keys/sigstore-label"),
                Arguments.of(Named("ENCRYPTED COSIGN PRIVATE KEY"), "keys/cosign-label"));
    }

    private static Named<String> Named(String label) {
        return Named.of(label, label);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cosignKeys")
    void decrypt_cosignVector_matchesItsPublicKey(String label, String folder) {
        String pem = Vectors.text(folder + "/cosign.key");
        assertThat(pem).startsWith("-----BEGIN " + label + "-----");

        SigningKey key = CosignEncryptedKey.decrypt(pem, Vectors.text(folder + "/password").toCharArray(), folder);

        VerificationKey expected = PemKeys.parsePublicKey(Vectors.text(folder + "/cosign.pub"), "cosign.pub");
        assertThat(key.verificationKey()).isEqualTo(expected);
        assertThat(key.verificationKey().algorithm()).isEqualTo(KeyAlgorithm.ECDSA_P256);
        assertThat(key.verificationKey().toPem()).isEqualTo(Vectors.text(folder + "/cosign.pub"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cosignKeys")
    void decrypt_wrongPassword_failsWithCosignsMessage(String label, String folder) {
        assertThatThrownBy(() -> CosignEncryptedKey.decrypt(Vectors.text(folder + "/cosign.key"), "hello!".toCharArray(), "ci/cosign"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_LOCKED))
                .hasMessage("decrypt key ci/cosign: wrong password or corrupted key");
    }

    @Test
    void decrypt_sec1Plaintext_isRejectedAsCosignRejectsIt() {
        assertThatThrownBy(() -> CosignEncryptedKey.decrypt(Vectors.text("keys/sec1-inside-rejected/cosign.key"), HELLO, "sec1"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MALFORMED))
                .hasMessage("parse private key sec1: not a PKCS#8 private key");
    }

    static Stream<Arguments> negativeKeys() {
        return Stream.of(
                Arguments.of("ciphertext-byte-flipped.key", Reason.KEY_LOCKED, "wrong password or corrupted key"),
                Arguments.of("ciphertext-truncated.key", Reason.KEY_LOCKED, "wrong password or corrupted key"),
                Arguments.of("truncated.key", Reason.KEY_MALFORMED, "has no END line"),
                Arguments.of("scrypt-n-too-large.key", Reason.KEY_MALFORMED, "N=16777216 r=8 p=1 are not ones cosign writes"),
                Arguments.of("unknown-cipher.key", Reason.KEY_UNSUPPORTED, "is not scrypt with nacl/secretbox"),
                Arguments.of("short-nonce.key", Reason.KEY_MALFORMED, "nonce must be 24 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("negativeKeys")
    void decrypt_negativeVector_failsForTheRightReason(String file, Reason reason, String cause) {
        assertThatThrownBy(() -> CosignEncryptedKey.decrypt(Vectors.text("negative/keys/" + file), HELLO, file))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(file + ": ")
                .hasMessageContaining(cause);
    }

    @Test
    void decrypt_foreignKdfOrCipherName_isQuotedInTheMessage() {
        // found by fuzzing (keys.encrypted): the names went into the message as written, controls and kilobytes included
        String envelope = "{\"kdf\":{\"name\":\"" + "a".repeat(5000) + "\",\"params\":{\"N\":32768,\"r\":8,\"p\":1},\"salt\":\"AAAA\"},"
                + "\"cipher\":{\"name\":\"nacl\\u0000/secretbox\",\"nonce\":\"AAAA\"},\"ciphertext\":\"AAAA\"}";
        String pem = PemKeys.encode(CosignEncryptedKey.PEM_TYPE, envelope.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> CosignEncryptedKey.decrypt(pem, HELLO, "k"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_UNSUPPORTED))
                .hasMessageEndingWith("...\" with cipher \"nacl\\u0000/secretbox\" is not scrypt with nacl/secretbox")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(250));
    }

    @Test
    void encrypt_writesTheEnvelopeCosignWrites() {
        SigningKey key = SigningKey.generate("new");

        String pem = CosignEncryptedKey.encrypt(key, HELLO);

        assertThat(pem).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n").endsWith("-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        assertThat(pem.lines().skip(1).limit(3)).allSatisfy(line -> assertThat(line).hasSize(64));
        String ours = new String(PemKeys.decodeOne(pem, "new").der(), StandardCharsets.UTF_8);
        String theirs = new String(PemKeys.decodeOne(Vectors.text("keys/sigstore-label/cosign.key"), "v").der(), StandardCharsets.UTF_8);
        // same fields, order and encodings as cosign's; only N differs (cosign >= 2.2 writes 65536) and the random values
        assertThat(shape(ours)).isEqualTo(shape(theirs).replace("\"N\":32768", "\"N\":65536"));
        Map<String, Object> envelope = EnvelopeJson.parseObject(ours);
        assertThat(base64Field(envelope, "kdf", "salt")).hasSize(32);
        assertThat(base64Field(envelope, "cipher", "nonce")).hasSize(24);
        byte[] ciphertext = Base64.getDecoder().decode((String) envelope.get("ciphertext"));
        assertThat(ciphertext).hasSize(16 + key.pkcs8().length);
    }

    @Test
    void encrypt_thenDecrypt_roundTripsEvenWithTheEmptyPassword() {
        SigningKey key = SigningKey.generate("empty");
        String pem = CosignEncryptedKey.encrypt(key, new char[0]);

        SigningKey reopened = CosignEncryptedKey.decrypt(pem, new char[0], "empty");

        assertThat(reopened.verificationKey()).isEqualTo(key.verificationKey());
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        assertThat(key.verificationKey().verify(data, reopened.sign(data))).isTrue();
        assertThatThrownBy(() -> CosignEncryptedKey.decrypt(pem, "x".toCharArray(), "empty")).hasMessageContaining("wrong password");
    }

    @Test
    void encrypt_legacyScryptCost_isStillReadable() {
        SigningKey key = SigningKey.generate("old");
        String pem = CosignEncryptedKey.encrypt(key, HELLO, new ScryptParameters(32768, 8, 1));

        assertThat(CosignEncryptedKey.decrypt(pem, HELLO, "old").verificationKey()).isEqualTo(key.verificationKey());
    }

    @Test
    void decrypt_plainPublicKey_saysWhatItIs() {
        assertThatThrownBy(() -> CosignEncryptedKey.decrypt(Vectors.text("keys/sigstore-label/cosign.pub"), HELLO, "cosign.pub"))
                .hasMessage("decrypt key cosign.pub: PEM block type \"PUBLIC KEY\" is not a cosign encrypted key");
    }

    @Test
    void errorsAndToString_neverContainPasswordOrMaterial() {
        String secretPassword = "s3cr3t-pa55";
        SigningKey key = CosignEncryptedKey.decrypt(Vectors.text("keys/sigstore-label/cosign.key"), HELLO, "k");
        String pkcs8 = Base64.getEncoder().encodeToString(key.pkcs8());

        Throwable wrong = Assertions.catchThrowable(() ->
                CosignEncryptedKey.decrypt(Vectors.text("keys/sigstore-label/cosign.key"), secretPassword.toCharArray(), "k"));

        assertThat(wrong.getMessage()).doesNotContain(secretPassword);
        assertThat(key.toString()).doesNotContain(pkcs8).doesNotContain(pkcs8.substring(0, 20)).startsWith("SigningKey[k, ECDSA_P256, hint=");
    }

    private static String shape(String envelope) {
        return envelope.replaceAll("\"(salt|nonce|ciphertext)\":\"[A-Za-z0-9+/=]+\"", "\"$1\":\"…\"");
    }

    @SuppressWarnings("unchecked")
    private static byte[] base64Field(Map<String, Object> envelope, String object, String field) {
        return Base64.getDecoder().decode((String) ((Map<String, Object>) envelope.get(object)).get(field));
    }
}

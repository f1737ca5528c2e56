package dev.signet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.testing.Vectors;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PemKeysTest {

    static Stream<Arguments> unencryptedImports() throws Exception {
        KeyPair p256 = TestKeys.ec("secp256r1");
        KeyPair p521 = TestKeys.ec("secp521r1");
        KeyPair rsa = TestKeys.rsa(2048);
        KeyPair ed = TestKeys.ed25519();
        return Stream.of(
                Arguments.of(Named.of("PKCS#8 P-256", PemKeys.encode("PRIVATE KEY", p256.getPrivate().getEncoded())), p256),
                Arguments.of(Named.of("SEC1 P-256", PemKeys.encode("EC PRIVATE KEY", innerKey(p256))), p256),
                Arguments.of(Named.of("SEC1 P-521", PemKeys.encode("EC PRIVATE KEY", innerKey(p521))), p521),
                Arguments.of(Named.of("PKCS#1 RSA", PemKeys.encode("RSA PRIVATE KEY", innerKey(rsa))), rsa),
                Arguments.of(Named.of("PKCS#8 RSA", PemKeys.encode("PRIVATE KEY", rsa.getPrivate().getEncoded())), rsa),
                Arguments.of(Named.of("PKCS#8 Ed25519", PemKeys.encode("PRIVATE KEY", ed.getPrivate().getEncoded())), ed));
    }

    /** The key structure inside PKCS#8: SEC1 for EC (with its curve added back), PKCS#1 for RSA. */
    private static byte[] innerKey(KeyPair pair) throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        if (pair.getPrivate().getAlgorithm().equals("EC")) {
            org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            ASN1ObjectIdentifier curve = (ASN1ObjectIdentifier) info.getPrivateKeyAlgorithm().getParameters();
            int bits = ((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getParams().getOrder().bitLength();
            return new org.bouncycastle.asn1.sec.ECPrivateKey(bits, inner.getKey(), curve).getEncoded();
        }
        return info.parsePrivateKey().toASN1Primitive().getEncoded();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unencryptedImports")
    void parsePrivateKey_importFormatsCosignAccepts_deriveTheRightPublicKey(String pem, KeyPair pair) {
        SigningKey key = PemKeys.parsePrivateKey(pem, "import");

        assertThat(key.verificationKey().spki()).isEqualTo(pair.getPublic().getEncoded());
        byte[] data = {1, 2, 3};
        assertThat(key.verificationKey().verify(data, key.sign(data))).isTrue();
    }

    @Test
    void parsePrivateKey_encryptedCosignKey_asksForThePassword() {
        assertThatThrownBy(() -> PemKeys.parsePrivateKey(Vectors.text("keys/sigstore-label/cosign.key"), "cosign.key"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_LOCKED))
                .hasMessage("read private key cosign.key: the key is encrypted; give its password (COSIGN_PASSWORD)");
    }

    @Test
    void parsePublicKeys_severalKeysInOneText_readsEach() {
        String alice = Vectors.text("signatures/testimage/keys/alice.pub");
        String bob = Vectors.text("signatures/testimage/keys/bob.pub");

        List<VerificationKey> keys = PemKeys.parsePublicKeys("# inline keys\n" + alice + "\n" + bob, "policy");

        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).toPem()).isEqualTo(alice);
        assertThat(keys.get(1).toPem()).isEqualTo(bob);
    }

    @Test
    void parsePublicKey_pkcs1RsaPublicKey_isReadAsCosignReadsIt() throws Exception {
        KeyPair rsa = TestKeys.rsa(2048);
        byte[] pkcs1 = SubjectPublicKeyInfo.getInstance(rsa.getPublic().getEncoded()).parsePublicKey().getEncoded();

        VerificationKey key = PemKeys.parsePublicKey(PemKeys.encode("RSA PUBLIC KEY", pkcs1), "rsa");

        assertThat(key.spki()).isEqualTo(rsa.getPublic().getEncoded());
    }

    static Stream<Arguments> badPublicKeys() {
        return Stream.of(
                Arguments.of("no PEM", "hello", "read public key k: no PEM block found"),
                Arguments.of("not base64", "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n", "read key k: PEM block \"PUBLIC KEY\" is not valid base64"),
                Arguments.of("garbage DER", PemKeys.encode("PUBLIC KEY", new byte[] {0x30, 0x03, 1, 2, 3}), "read public key k: DER of PUBLIC KEY does not parse"),
                Arguments.of("certificate", PemKeys.encode("CERTIFICATE", new byte[] {0x30, 0}), "read public key k: PEM block type \"CERTIFICATE\" is not a public key"),
                Arguments.of("legacy headers", "-----BEGIN PUBLIC KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END PUBLIC KEY-----\n", "has headers"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPublicKeys")
    void parsePublicKeys_badInput_saysWhy(String name, String text, String message) {
        assertThatThrownBy(() -> PemKeys.parsePublicKeys(text, "k")).isInstanceOf(KeyException.class).hasMessageContaining(message);
    }

    @Test
    void decode_blockTypeWithLineBreaksOrHuge_isQuotedInTheMessage() {
        // found by fuzzing (keys.public): the type runs from BEGIN to the next dashes, line breaks and all, and went
        // into the message as is, forging log lines or echoing kilobytes of the input
        String broken = "-----BEGIN PUBLIC KEY=\n---\nMFk6XUYH\n-----END PUBLIC KEY-----\n";
        String huge = "-----BEGIN PUBLIC KEY" + "*".repeat(5000) + "-----\nAAAA\n-----END PUBLIC KEY-----\n";

        assertThatThrownBy(() -> PemKeys.parsePublicKeys(broken, "k")).isInstanceOf(KeyException.class)
                .hasMessage("read key k: PEM block \"PUBLIC KEY=\\u000a---\\u000aMFk6XUYH\\u000a\" has no END line");
        assertThatThrownBy(() -> PemKeys.parsePublicKeys(huge, "k")).isInstanceOf(KeyException.class)
                .hasMessageEndingWith("...\" has no END line")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void decode_endLineSharingTheBeginLinesDashes_hasNoEndLine() {
        // found by fuzzing (keys.public): the END line was searched from the BEGIN line's closing dashes, found there,
        // and the body between them had a negative length (StringIndexOutOfBoundsException)
        assertThatThrownBy(() -> PemKeys.parsePublicKeys("-----BEGIN PUBLIC KEY-----END PUBLIC KEY-----\n", "k"))
                .isInstanceOf(KeyException.class)
                .hasMessage("read key k: PEM block \"PUBLIC KEY\" has no END line");
    }

    @Test
    void encode_writesGoPemLayout() {
        String pem = PemKeys.encode("PUBLIC KEY", new byte[100]);

        assertThat(pem.lines()).hasSize(5);
        assertThat(pem.lines().skip(1).findFirst().orElseThrow()).hasSize(64);
        assertThat(pem).endsWith("-----END PUBLIC KEY-----\n");
    }
}

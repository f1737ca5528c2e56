package dev.signet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.testing.Vectors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every algorithm cosign accepts, signed and verified through Signet's API (sigstore-java SignerTest style). */
class SigningKeyTest {
    private static final byte[] DATA = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);

    static Stream<Arguments> algorithms() {
        return Stream.of(
                Arguments.of(Named.of("ECDSA P-256", TestKeys.ec("secp256r1")), KeyAlgorithm.ECDSA_P256),
                Arguments.of(Named.of("ECDSA P-384", TestKeys.ec("secp384r1")), KeyAlgorithm.ECDSA_P384),
                Arguments.of(Named.of("ECDSA P-521", TestKeys.ec("secp521r1")), KeyAlgorithm.ECDSA_P521),
                Arguments.of(Named.of("RSA 2048", TestKeys.rsa(2048)), KeyAlgorithm.RSA_PKCS1V15),
                Arguments.of(Named.of("RSA 3072", TestKeys.rsa(3072)), KeyAlgorithm.RSA_PKCS1V15),
                Arguments.of(Named.of("Ed25519", TestKeys.ed25519()), KeyAlgorithm.ED25519));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void sign_thenVerify_passesOnlyForTheExactBytes(KeyPair pair, KeyAlgorithm expected) {
        SigningKey key = SigningKey.fromPkcs8(pair.getPrivate().getEncoded(), "test");

        byte[] signature = key.sign(DATA);

        assertThat(key.verificationKey().algorithm()).isEqualTo(expected);
        assertThat(key.verificationKey().publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(key.verificationKey().verify(DATA, signature)).isTrue();
        byte[] tampered = DATA.clone();
        tampered[3] ^= 1;
        assertThat(key.verificationKey().verify(tampered, signature)).isFalse();
        assertThat(key.verificationKey().verify(DATA, Arrays.copyOf(signature, signature.length - 1))).isFalse();
    }

    @Test
    void verify_rsaPss_acceptsHashLengthAndMaximumSaltLikeGo() throws Exception {
        KeyPair pair = TestKeys.rsa(2048);
        VerificationKey pss = VerificationKey.of(pair.getPublic(), KeyAlgorithm.RSA_PSS, "pss");
        Signature maxSalt = Signature.getInstance("RSASSA-PSS");
        maxSalt.setParameter(new PSSParameterSpec("SHA-256", "MGF1",
                MGF1ParameterSpec.SHA256, 256 - 32 - 2, 1));
        maxSalt.initSign(pair.getPrivate());
        maxSalt.update(DATA);

        assertThat(pss.verify(DATA, maxSalt.sign())).isTrue();
        SigningKey signet = SigningKey.fromPkcs8(pair.getPrivate().getEncoded(), "pss").withPss();
        assertThat(pss.verify(DATA, signet.sign(DATA))).isTrue();
        assertThat(VerificationKey.of(pair.getPublic(), "pkcs1").verify(DATA, signet.sign(DATA))).isFalse();
    }

    private static byte[] jcaSign(String algorithm, PSSParameterSpec pss, KeyPair pair) throws Exception {
        Signature signer = Signature.getInstance(algorithm);
        if (pss != null) {
            signer.setParameter(pss);
        }
        signer.initSign(pair.getPrivate());
        signer.update(DATA);
        return signer.sign();
    }

    @Test
    void withDigest_acceptsOnlySignaturesOverThatDigest_asLoadVerifierWithAHashDoes() throws Exception {
        KeyPair p256 = TestKeys.ec("secp256r1");
        KeyPair p384 = TestKeys.ec("secp384r1");
        KeyPair rsa = TestKeys.rsa(2048);
        VerificationKey ecSha512 = VerificationKey.of(p256.getPublic(), "p256").withDigest("SHA-512");
        // P-384 by default accepts SHA-384 and old cosign's SHA-256; with a digest named, only that one
        VerificationKey p384Sha384 = VerificationKey.of(p384.getPublic(), "p384").withDigest("SHA-384");
        VerificationKey rsaSha512 = VerificationKey.of(rsa.getPublic(), "rsa").withDigest("SHA-512");
        VerificationKey pssSha512 = VerificationKey.of(rsa.getPublic(), KeyAlgorithm.RSA_PSS, "pss").withDigest("SHA-512");

        assertThat(ecSha512.verify(DATA, jcaSign("SHA512withECDSA", null, p256))).isTrue();
        assertThat(ecSha512.verify(DATA, jcaSign("SHA256withECDSA", null, p256))).isFalse();
        assertThat(p384Sha384.verify(DATA, jcaSign("SHA384withECDSA", null, p384))).isTrue();
        assertThat(p384Sha384.verify(DATA, jcaSign("SHA256withECDSA", null, p384))).isFalse();
        assertThat(rsaSha512.verify(DATA, jcaSign("SHA512withRSA", null, rsa))).isTrue();
        assertThat(rsaSha512.verify(DATA, jcaSign("SHA256withRSA", null, rsa))).isFalse();
        assertThat(pssSha512.verify(DATA, jcaSign("RSASSA-PSS", new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1), rsa))).isTrue();
        assertThat(pssSha512.verify(DATA, jcaSign("RSASSA-PSS", new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1), rsa))).isFalse();
        // a key with a digest is another verifier than the key without: never confused in a set of keys
        assertThat(rsaSha512).isNotEqualTo(VerificationKey.of(rsa.getPublic(), "rsa"));
        assertThat(rsaSha512.digest()).contains("SHA-512");
        assertThatThrownBy(() -> rsaSha512.withDigest("MD5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verify_p384SignedWithSha256ByOldCosign_stillVerifies() throws Exception {
        KeyPair pair = TestKeys.ec("secp384r1");
        Signature old = Signature.getInstance("SHA256withECDSA");
        old.initSign(pair.getPrivate());
        old.update(DATA);

        assertThat(VerificationKey.of(pair.getPublic(), "p384").verify(DATA, old.sign())).isTrue();
    }

    @Test
    void of_curvesAndSizesCosignRefuses_areRefusedAtLoad() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPairGenerator ed448 = KeyPairGenerator.getInstance("Ed448");

        assertThatThrownBy(() -> VerificationKey.of(rsa.generateKeyPair().getPublic(), "small"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_UNSUPPORTED))
                .hasMessage("load key small: RSA key of 1024 bits; cosign accepts 2048, 3072 or 4096");
        assertThatThrownBy(() -> VerificationKey.of(ed448.generateKeyPair().getPublic(), "ed448"))
                .hasMessageContaining("is not ECDSA, RSA or Ed25519");
    }

    @Test
    void of_secp256k1_isRefusedThoughItIs256Bits() {
        // the JDK 17 provider no longer generates secp256k1 keys, so the public key comes from BouncyCastle's curve table
        X9ECParameters k1 = SECNamedCurves.getByName("secp256k1");
        ECParameterSpec spec = new ECParameterSpec(
                new EllipticCurve(new ECFieldFp(k1.getCurve().getField().getCharacteristic()),
                        k1.getCurve().getA().toBigInteger(), k1.getCurve().getB().toBigInteger()),
                new ECPoint(k1.getG().getAffineXCoord().toBigInteger(), k1.getG().getAffineYCoord().toBigInteger()),
                k1.getN(), k1.getH().intValue());
        ECPublicKey fake = new ECPublicKey() {
            public ECPoint getW() {
                return spec.getGenerator();
            }
            public String getAlgorithm() {
                return "EC";
            }
            public String getFormat() {
                return "X.509";
            }
            public byte[] getEncoded() {
                return new byte[0];
            }
            public ECParameterSpec getParams() {
                return spec;
            }
        };

        assertThatThrownBy(() -> VerificationKey.of(fake, "k1")).hasMessage("load key k1: ECDSA curve is not P-256, P-384 or P-521");
    }

    static Stream<Arguments> outOfRangeScalars() {
        BigInteger order = Curves.parameters("secp256r1").getOrder();
        return Stream.of(
                Arguments.of(Named.of("zero", BigInteger.ZERO)),
                Arguments.of(Named.of("the order", order)),
                Arguments.of(Named.of("all ones", BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRangeScalars")
    void fromPkcs8_ecdsaScalarOutsideOneToOrder_isMalformed(BigInteger scalar) throws Exception {
        // found by fuzzing (keys.private): zero failed with a NullPointerException (point at infinity) and scalars
        // from the order up with BouncyCastle's IllegalStateException, neither a KeyException
        AlgorithmIdentifier p256 = new AlgorithmIdentifier(
                X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1);
        byte[] pkcs8 = new PrivateKeyInfo(p256, new ECPrivateKey(256, scalar)).getEncoded();

        assertThatThrownBy(() -> SigningKey.fromPkcs8(pkcs8, "k"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MALFORMED))
                .hasMessage("parse private key k: ECDSA private scalar is not between 1 and the curve order");
    }

    static Stream<Arguments> badEd25519Seeds() {
        return Stream.of(
                Arguments.of(Named.of("no inner OCTET STRING", new byte[0])),
                Arguments.of(Named.of("16-byte seed", new byte[] {0x04, 0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEd25519Seeds")
    void fromPkcs8_ed25519WithoutA32ByteSeed_isMalformed(byte[] privateKey) throws Exception {
        // found by fuzzing (keys.private): the missing seed was a NullPointerException, a short one an index error
        AlgorithmIdentifier ed25519 = new AlgorithmIdentifier(
                EdECObjectIdentifiers.id_Ed25519);
        byte[] pkcs8 = new DERSequence(new ASN1Encodable[] {
            new ASN1Integer(0), ed25519, new DEROctetString(privateKey)}).getEncoded();

        assertThatThrownBy(() -> SigningKey.fromPkcs8(pkcs8, "k"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MALFORMED))
                .hasMessageStartingWith("parse private key k: ");
    }

    @Test
    void fromPkcs8_rsaKeyWithACorruptedCrtPart_isMalformedAtLoadNotAtSigning() throws Exception {
        // found by fuzzing (keys.private): the JDK loads any CRT parts, then every signature failed with
        // "RSA private key operation failed", wrapped in an IllegalStateException
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(
                TestKeys.rsa(2048).getPrivate().getEncoded());
        RSAPrivateKey good = RSAPrivateKey.getInstance(info.parsePrivateKey());
        RSAPrivateKey corrupted = new RSAPrivateKey(good.getModulus(),
                good.getPublicExponent(), good.getPrivateExponent(), good.getPrime1(), good.getPrime2(),
                good.getExponent1().add(BigInteger.TWO), good.getExponent2(), good.getCoefficient());
        byte[] pkcs8 = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), corrupted).getEncoded();

        assertThatThrownBy(() -> SigningKey.fromPkcs8(pkcs8, "k"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MALFORMED))
                .hasMessage("parse private key k: RSA private key parts do not agree with the public key");
    }

    @Test
    void fromPkcs8_unknownAlgorithmWithAHugeOid_isNamedInAShortMessage() throws Exception {
        // found by fuzzing (keys.private, seed 0x2): a 3 KB OID went into the message whole
        String oid = "1.3" + ".101.43".repeat(500);
        byte[] pkcs8 = new PrivateKeyInfo(new AlgorithmIdentifier(
                new ASN1ObjectIdentifier(oid)), new DEROctetString(new byte[32])).getEncoded();
        byte[] known = new PrivateKeyInfo(new AlgorithmIdentifier(
                new ASN1ObjectIdentifier("1.3.101.113")), new DEROctetString(new byte[32])).getEncoded();

        assertThatThrownBy(() -> SigningKey.fromPkcs8(pkcs8, "k"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_UNSUPPORTED))
                .hasMessageStartingWith("parse private key k: key algorithm \"1.3.101.43.101.43")
                .hasMessageEndingWith("...\" is not ECDSA, RSA or Ed25519")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
        assertThatThrownBy(() -> SigningKey.fromPkcs8(known, "k"))
                .hasMessage("parse private key k: key algorithm 1.3.101.113 is not ECDSA, RSA or Ed25519");
    }

    @Test
    void generate_makesP256KeysThatSignAsCosignDoes() throws Exception {
        SigningKey key = SigningKey.generate("fresh");
        byte[] signature = key.sign(DATA);

        Signature jca = Signature.getInstance("SHA256withECDSA");
        jca.initVerify(key.verificationKey().publicKey());
        jca.update(DATA);
        assertThat(jca.verify(signature)).as("DER ECDSA over SHA-256, checkable by any JCA").isTrue();
        assertThat(key.verificationKey().algorithm()).isEqualTo(KeyAlgorithm.ECDSA_P256);
        assertThat(new ECGenParameterSpec("secp256r1").getName()).isEqualTo(Curves.curveName(KeyAlgorithm.ECDSA_P256));
    }

    @Test
    void hint_isBase64OfSha256OfSpki_asInCosignV3Bundles() {
        VerificationKey key = PemKeys.parsePublicKey(Vectors.text("bundles/cosign-v3-sign-key/cosign.pub"), "v3");

        assertThat(key.hint()).isEqualTo("h162TZsIBy5Y8U9qYWcmpVAp5dKpXhR7gnz8sNfZjV4=");
    }
}

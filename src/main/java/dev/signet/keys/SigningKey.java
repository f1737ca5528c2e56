package dev.signet.keys;

import dev.signet.SignetException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * A private key that signs, paired with its {@link VerificationKey}. It never prints or exposes its material except
 * as PKCS#8 to {@link CosignEncryptedKey} in this package.
 */
public final class SigningKey {
    // Ed25519 SPKI is this fixed prefix followed by the 32-byte public key (RFC 8410)
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final int ED25519_SEED_LENGTH = 32;

    private final PrivateKey privateKey;
    private final VerificationKey verificationKey;

    private SigningKey(PrivateKey privateKey, VerificationKey verificationKey) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.verificationKey = Objects.requireNonNull(verificationKey, "verificationKey");
    }

    /** Generates a fresh ECDSA P-256 key, cosign's default. */
    public static SigningKey generate(String name) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(pair.getPrivate(), VerificationKey.of(pair.getPublic(), name));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate P-256 keys", e);
        }
    }

    /**
     * Reads a PKCS#8 private key (the plaintext inside cosign's encrypted key) and derives its public key, so a
     * key pair can never disagree with itself.
     */
    static SigningKey fromPkcs8(byte[] pkcs8, String name) {
        if (DerNesting.tooDeep(pkcs8)) {
            // BouncyCastle would recurse once per level and overflow the stack
            throw KeyException.malformed("parse private key", name, "PKCS#8 nests deeper than " + DerNesting.MAX_DEPTH + " levels");
        }
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(pkcs8);
        } catch (RuntimeException e) {
            throw KeyException.malformed("parse private key", name, "not a PKCS#8 private key");
        }
        if (info == null) {
            throw KeyException.malformed("parse private key", name, "not a PKCS#8 private key");
        }
        // an OID from the key file: arcs are unbounded, so a message quotes at most its first 100 characters
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        String shownOid = oid.length() > SignetException.MAX_QUOTED_LENGTH ? SignetException.quote(oid) : oid;
        try {
            return switch (oid) {
                case "1.2.840.10045.2.1" -> ecdsa(pkcs8, name);
                case "1.2.840.113549.1.1.1" -> rsa(pkcs8, name);
                case "1.3.101.112" -> ed25519(info, pkcs8, name);
                default -> throw KeyException.unsupported("parse private key", name, "key algorithm " + shownOid + " is not ECDSA, RSA or Ed25519");
            };
        } catch (GeneralSecurityException | IOException | IllegalArgumentException | ClassCastException e) {
            throw KeyException.malformed("parse private key", name, "PKCS#8 " + shownOid + " key does not parse");
        }
    }

    private static SigningKey ecdsa(byte[] pkcs8, String name) throws GeneralSecurityException {
        ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        KeyAlgorithm algorithm = Curves.ecdsaByOrder(key.getParams().getOrder());
        if (algorithm == null) {
            throw KeyException.unsupported("parse private key", name, "ECDSA curve is not P-256, P-384 or P-521");
        }
        // the JDK takes any integer; 0 gives the point at infinity and BouncyCastle refuses scalars above the order
        if (key.getS().signum() <= 0 || key.getS().compareTo(key.getParams().getOrder()) >= 0) {
            throw KeyException.malformed("parse private key", name, "ECDSA private scalar is not between 1 and the curve order");
        }
        X9ECParameters curve = ECNamedCurveTable.getByName(Curves.curveName(algorithm));
        org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier().multiply(curve.getG(), key.getS()).normalize();
        ECPoint point = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, key.getParams()));
        return new SigningKey(key, VerificationKey.of(publicKey, name));
    }

    private static SigningKey rsa(byte[] pkcs8, String name) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        BigInteger modulus = key.getModulus();
        PublicKey publicKey = factory.generatePublic(new RSAPublicKeySpec(modulus, key.getPublicExponent()));
        SigningKey signingKey = new SigningKey(key, VerificationKey.of(publicKey, name));
        // the JDK takes the CRT parts (d, p, q, dP, dQ, qInv) on trust and checks them only when it signs, so a key
        // whose parts disagree would load and then fail every signature: sign once now (about 2 ms)
        if (!signingKey.agreesWithItself()) {
            throw KeyException.malformed("parse private key", name, "RSA private key parts do not agree with the public key");
        }
        return signingKey;
    }

    private boolean agreesWithItself() {
        byte[] probe = "signet pairwise consistency test".getBytes(StandardCharsets.US_ASCII);
        try {
            return verificationKey.verify(probe, sign(probe));
        } catch (IllegalStateException e) {
            // sign's wrapper of the JDK's "RSA private key operation failed"
            return false;
        }
    }

    private static SigningKey ed25519(PrivateKeyInfo info, byte[] pkcs8, String name) throws GeneralSecurityException, IOException {
        // RFC 8410: the private key is an OCTET STRING of the 32-byte seed; anything else is not an Ed25519 key
        ASN1OctetString octets = ASN1OctetString.getInstance(info.parsePrivateKey());
        if (octets == null || octets.getOctets().length != ED25519_SEED_LENGTH) {
            throw KeyException.malformed("parse private key", name, "Ed25519 private key is not a 32-byte seed");
        }
        byte[] seed = octets.getOctets();
        byte[] publicBytes = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        Arrays.fill(seed, (byte) 0);
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + publicBytes.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(publicBytes, 0, spki, ED25519_SPKI_PREFIX.length, publicBytes.length);
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        PrivateKey key = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        return new SigningKey(key, VerificationKey.of(factory.generatePublic(new X509EncodedKeySpec(spki)), name));
    }

    /** Signs exactly {@code data} with the key's algorithm; ECDSA signatures are ASN.1 DER, as cosign writes them. */
    public byte[] sign(byte[] data) {
        KeyAlgorithm algorithm = verificationKey.algorithm();
        try {
            Signature signer = Signature.getInstance(algorithm.signingAlgorithm());
            if (algorithm == KeyAlgorithm.RSA_PSS) {
                signer.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(privateKey);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sign with " + algorithm + " failed for key " + verificationKey.name(), e);
        }
    }

    /** The public half, for verification and for {@code cosign.pub}. */
    public VerificationKey verificationKey() {
        return verificationKey;
    }

    /** The same private key, signing with RSA-PSS instead of PKCS#1 v1.5 (RSA keys only). */
    public SigningKey withPss() {
        return new SigningKey(privateKey, VerificationKey.of(verificationKey.publicKey(), KeyAlgorithm.RSA_PSS, verificationKey.name()));
    }

    /** PKCS#8 DER of the private key, only for encryption inside this package. */
    byte[] pkcs8() {
        return privateKey.getEncoded();
    }

    @Override
    public String toString() {
        return "SigningKey[" + verificationKey.name() + ", " + verificationKey.algorithm() + ", hint=" + verificationKey.hint() + "]";
    }
}

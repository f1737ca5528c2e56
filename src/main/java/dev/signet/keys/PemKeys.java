package dev.signet.keys;

import dev.signet.Reason;
import dev.signet.SignetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * PEM encoding and decoding of keys, as Go's {@code encoding/pem} and sigstore's {@code cryptoutils} write and read
 * them: 64-character base64 lines, a trailing newline, {@code PUBLIC KEY} (SPKI) for public keys and
 * {@code PRIVATE KEY} (PKCS#8), {@code EC PRIVATE KEY} (SEC1) or {@code RSA PRIVATE KEY} (PKCS#1) for unencrypted
 * private keys.
 */
public final class PemKeys {
    /** SPKI public key block type. */
    public static final String PUBLIC_KEY = "PUBLIC KEY";
    /** PKCS#1 RSA public key block type, which cosign also reads. */
    public static final String RSA_PUBLIC_KEY = "RSA PUBLIC KEY";
    /** PKCS#8 private key block type. */
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    /** SEC1 EC private key block type. */
    public static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    /** PKCS#1 RSA private key block type. */
    public static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";

    // a key file is a few KiB; a policy may inline a handful of keys. Anything far larger is not a key.
    private static final int MAX_PEM_LENGTH = 1024 * 1024;
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private PemKeys() {
    }

    /** Encodes DER bytes as a PEM block with 64-character lines and a trailing newline, like Go's pem.Encode. */
    public static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return BEGIN + type + DASHES + "\n" + body + "\n" + END + type + DASHES + "\n";
    }

    /**
     * Decodes every PEM block in {@code text}, in order; text between blocks is ignored, as Go's pem.Decode does.
     * Blocks with headers (old OpenSSL encryption) are refused: cosign never writes them. A block's type is whatever
     * follows {@code BEGIN}, line breaks included, so messages quote it.
     */
    public static List<PemBlock> decode(String text, String keyName) {
        if (text.length() > MAX_PEM_LENGTH) {
            throw KeyException.malformed("read key", keyName, "PEM text larger than 1 MiB");
        }
        List<PemBlock> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, from);
            if (begin < 0) {
                return blocks;
            }
            int typeEnd = text.indexOf(DASHES, begin + BEGIN.length());
            if (typeEnd < 0) {
                throw KeyException.malformed("read key", keyName, "PEM BEGIN line is not closed");
            }
            String type = text.substring(begin + BEGIN.length(), typeEnd);
            String endLine = END + type + DASHES;
            // from after the BEGIN line's dashes: "-----BEGIN X-----END X-----" shares them with its END line
            int end = text.indexOf(endLine, typeEnd + DASHES.length());
            if (end < 0) {
                throw KeyException.malformed("read key", keyName, "PEM block " + SignetException.quote(type) + " has no END line");
            }
            String body = text.substring(typeEnd + DASHES.length(), end);
            if (body.contains(":")) {
                throw KeyException.unsupported("read key", keyName, "PEM block " + SignetException.quote(type) + " has headers (legacy OpenSSL encryption)");
            }
            try {
                blocks.add(new PemBlock(type, Base64.getDecoder().decode(WHITESPACE.matcher(body).replaceAll(""))));
            } catch (IllegalArgumentException e) {
                throw KeyException.malformed("read key", keyName, "PEM block " + SignetException.quote(type) + " is not valid base64");
            }
            from = end + endLine.length();
        }
    }

    /** Decodes exactly one PEM block, refusing text with none. */
    public static PemBlock decodeOne(String text, String keyName) {
        List<PemBlock> blocks = decode(text, keyName);
        if (blocks.isEmpty()) {
            throw KeyException.malformed("read key", keyName, "no PEM block found");
        }
        return blocks.get(0);
    }

    /** Encodes a public key as cosign's {@code cosign.pub}: SPKI DER in a {@code PUBLIC KEY} block. */
    public static String publicKeyPem(PublicKey key) {
        return encode(PUBLIC_KEY, key.getEncoded());
    }

    /** Reads every public key in a PEM text (policies may inline several keys in one block of text). */
    public static List<VerificationKey> parsePublicKeys(String text, String keyName) {
        List<VerificationKey> keys = new ArrayList<>();
        for (PemBlock block : decode(text, keyName)) {
            keys.add(VerificationKey.of(publicKey(block, keyName), keyName));
        }
        if (keys.isEmpty()) {
            throw KeyException.malformed("read public key", keyName, "no PEM block found");
        }
        return keys;
    }

    /** Reads the one public key in a PEM text, the usual content of {@code cosign.pub}. */
    public static VerificationKey parsePublicKey(String text, String keyName) {
        return VerificationKey.of(publicKey(decodeOne(text, keyName), keyName), keyName);
    }

    /**
     * Reads an unencrypted private key: PKCS#8, SEC1 or PKCS#1 PEM (what {@code cosign import-key-pair} accepts).
     * Encrypted cosign keys go through {@link CosignEncryptedKey#decrypt} instead.
     */
    public static SigningKey parsePrivateKey(String text, String keyName) {
        PemBlock block = decodeOne(text, keyName);
        byte[] pkcs8;
        try {
            pkcs8 = switch (block.type()) {
                case PRIVATE_KEY -> block.der();
                case EC_PRIVATE_KEY -> sec1ToPkcs8(der(block, "read private key", keyName));
                case RSA_PRIVATE_KEY -> new PrivateKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        ASN1Primitive.fromByteArray(der(block, "read private key", keyName))).getEncoded();
                default -> throw CosignEncryptedKey.isEncryptedType(block.type())
                        ? new KeyException(Reason.KEY_LOCKED, "read private key", keyName,
                                "the key is encrypted", "give its password (COSIGN_PASSWORD)", null)
                        : KeyException.unsupported("read private key", keyName, "PEM block type " + SignetException.quote(block.type()) + " is not a private key");
            };
        } catch (IOException | RuntimeException e) {
            if (e instanceof KeyException keyException) {
                throw keyException;
            }
            throw KeyException.malformed("read private key", keyName, "DER of " + block.type() + " does not parse");
        }
        return SigningKey.fromPkcs8(pkcs8, keyName);
    }

    /** The block's DER, refused when it nests so deep that BouncyCastle's recursive parser would overflow the stack. */
    private static byte[] der(PemBlock block, String action, String keyName) {
        byte[] der = block.der();
        if (DerNesting.tooDeep(der)) {
            throw KeyException.malformed(action, keyName, "DER of " + block.type() + " nests deeper than " + DerNesting.MAX_DEPTH + " levels");
        }
        return der;
    }

    private static byte[] sec1ToPkcs8(byte[] der) throws IOException {
        ECPrivateKey sec1 = ECPrivateKey.getInstance(der);
        if (sec1.getParametersObject() == null) {
            throw new IllegalArgumentException("SEC1 key without curve parameters");
        }
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject());
        return new PrivateKeyInfo(algorithm, sec1).getEncoded();
    }

    private static PublicKey publicKey(PemBlock block, String keyName) {
        try {
            byte[] spki = switch (block.type()) {
                case PUBLIC_KEY -> der(block, "read public key", keyName);
                case RSA_PUBLIC_KEY -> new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        RSAPublicKey.getInstance(der(block, "read public key", keyName))).getEncoded();
                default -> throw KeyException.unsupported("read public key", keyName, "PEM block type " + SignetException.quote(block.type()) + " is not a public key");
            };
            String algorithm = switch (SubjectPublicKeyInfo.getInstance(spki).getAlgorithm().getAlgorithm().getId()) {
                case "1.2.840.10045.2.1" -> "EC";
                case "1.2.840.113549.1.1.1" -> "RSA";
                case "1.3.101.112" -> "Ed25519";
                default -> throw KeyException.unsupported("read public key", keyName, "key algorithm is not ECDSA, RSA or Ed25519");
            };
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
        } catch (KeyException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw KeyException.malformed("read public key", keyName, "DER of " + block.type() + " does not parse");
        }
    }
}

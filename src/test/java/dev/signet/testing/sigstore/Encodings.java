package dev.signet.testing.sigstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The byte-level pieces the test Sigstore stack shares: SHA-256, P-256 keys and ECDSA signatures (ASN.1 DER, as
 * Fulcio, the CT log and Rekor write them), TLS length prefixes (RFC 5246 §4.3), PEM, and canonical JSON (keys
 * sorted, no spaces) as Rekor stores bodies and signs entry timestamps.
 */
final class Encodings {
    /** Maps become objects with sorted keys: the canonical form Rekor (RFC 8785 for this ASCII content) writes. */
    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Encodings() {
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate P-256 keys", e);
        }
    }

    static byte[] ecdsaSha256(PrivateKey key, byte[] data) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sign with ECDSA P-256: " + e.getMessage(), e);
        }
    }

    /** {@code opaque value<0..2^(8*width)-1>}: the length in {@code width} big-endian bytes, then the bytes. */
    static void writeVector(ByteArrayOutputStream out, int width, byte[] value) {
        if (value.length >= 1L << (8 * width)) {
            throw new IllegalArgumentException("encode TLS vector: " + value.length + " bytes do not fit a " + width + "-byte length");
        }
        writeUint(out, width, value.length);
        out.writeBytes(value);
    }

    static void writeUint(ByteArrayOutputStream out, int width, long value) {
        for (int i = width - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("encode certificate " + certificate.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    static String pem(X509Certificate certificate) {
        return pem("CERTIFICATE", der(certificate));
    }

    /** Concatenated PEM blocks, as cosign's {@code dev.sigstore.cosign/chain} annotation holds them. */
    static String pem(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        certificates.forEach(c -> out.append(pem(c)));
        return out.toString();
    }

    /** Compact JSON with object keys sorted (maps), arrays and numbers as given. */
    static byte[] canonicalJson(Object value) {
        try {
            return CANONICAL.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("write canonical JSON: " + e.getMessage(), e);
        }
    }
}

package dev.signet.testing.sigstore;

import java.io.ByteArrayOutputStream;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;

/**
 * A Certificate Transparency log that only signs: it hands out RFC 6962 v1 Signed Certificate Timestamps for
 * precertificates, so the certificates {@link TestFulcio} issues carry real embedded SCTs a verifier can check
 * against the log's key in the trusted root. Nothing is logged; Sigstore verifiers check only the SCT signature.
 */
public final class TestCtLog {
    /** RFC 5246 HashAlgorithm.sha256 and SignatureAlgorithm.ecdsa, the pair a P-256 log signs with. */
    private static final int SHA256 = 4;
    private static final int ECDSA = 3;

    private final KeyPair keys;
    private final byte[] logId;
    private final String baseUrl;

    private TestCtLog(KeyPair keys, String baseUrl) {
        this.keys = keys;
        this.logId = Encodings.sha256(keys.getPublic().getEncoded());
        this.baseUrl = baseUrl;
    }

    /** A log with a fresh P-256 key. */
    public static TestCtLog create(String baseUrl) {
        return new TestCtLog(Encodings.p256(), baseUrl);
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    /** RFC 6962 §3.2 LogID: SHA-256 of the log key's SubjectPublicKeyInfo DER; the trusted root's {@code logId.keyId}. */
    public byte[] logId() {
        return logId.clone();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * One TLS-encoded {@code SignedCertificateTimestamp} (RFC 6962 §3.2) for a precertificate: the signature covers
     * the {@code digitally-signed} struct with {@code entry_type} precert_entry(1), {@code issuerKeyHash} (SHA-256 of
     * the issuing CA's SubjectPublicKeyInfo DER) and {@code tbsWithoutPoison} (the precertificate's TBS with the
     * poison extension removed), and no extensions.
     */
    public byte[] signPrecertificate(byte[] issuerKeyHash, byte[] tbsWithoutPoison, long timestampMillis) {
        if (issuerKeyHash.length != 32) {
            throw new IllegalArgumentException("sign SCT: issuer key hash has " + issuerKeyHash.length + " bytes, not 32");
        }
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.write(0); // sct_version v1
        signed.write(0); // signature_type certificate_timestamp
        Encodings.writeUint(signed, 8, timestampMillis);
        Encodings.writeUint(signed, 2, 1); // entry_type precert_entry
        signed.writeBytes(issuerKeyHash);
        Encodings.writeVector(signed, 3, tbsWithoutPoison);
        Encodings.writeVector(signed, 2, new byte[0]); // CtExtensions
        byte[] signature = Encodings.ecdsaSha256(keys.getPrivate(), signed.toByteArray());

        ByteArrayOutputStream sct = new ByteArrayOutputStream();
        sct.write(0);
        sct.writeBytes(logId);
        Encodings.writeUint(sct, 8, timestampMillis);
        Encodings.writeVector(sct, 2, new byte[0]);
        sct.write(SHA256);
        sct.write(ECDSA);
        Encodings.writeVector(sct, 2, signature);
        return sct.toByteArray();
    }

    /** RFC 6962 §3.3 {@code SignedCertificateTimestampList}: each SCT length-prefixed, the whole list again. */
    public static byte[] sctList(List<byte[]> scts) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        scts.forEach(sct -> Encodings.writeVector(list, 2, sct));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Encodings.writeVector(out, 2, list.toByteArray());
        return out.toByteArray();
    }
}

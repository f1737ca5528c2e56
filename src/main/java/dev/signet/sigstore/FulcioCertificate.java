package dev.signet.sigstore;

import dev.signet.keys.KeyException;
import dev.signet.keys.VerificationKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

/**
 * A signing certificate as Fulcio issues it, with the checks cosign and sigstore-go make on it: the chain to a trusted
 * CA at the signing time ({@link #verifyChain}), the code-signing EKU, the embedded SCTs ({@link #verifySct}, RFC 6962
 * §3.2: the precertificate TBS rebuilt by removing the SCT list) and the identity it names ({@link #identity}).
 */
public final class FulcioCertificate {
    static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    static final String SCT_LIST = "1.3.6.1.4.1.11129.2.4.2";
    /** Fulcio's other-name SAN type for usernames (1.3.6.1.4.1.57264.1.7). */
    static final String OTHER_NAME_USERNAME = "1.3.6.1.4.1.57264.1.7";
    /** ecdsa-with-SHA256, -SHA384, -SHA512: certificate signatures the fast ECDSA path checks. */
    private static final java.util.Set<String> ECDSA_SIGNATURES = java.util.Set.of("1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4");
    private static final int SAN_OTHER_NAME = 0;
    private static final int SAN_EMAIL = 1;
    private static final int SAN_URI = 6;

    private final X509Certificate certificate;
    private final byte[] der;
    private final String subject;

    private FulcioCertificate(X509Certificate certificate, byte[] der, String subject) {
        this.certificate = certificate;
        this.der = der;
        this.subject = subject;
    }

    /** Reads a DER certificate; {@code subject} names what holds it in messages. */
    public static FulcioCertificate parse(byte[] der, String subject) {
        try {
            return new FulcioCertificate(TrustedRoot.certificate(der, subject, "the signing certificate"), der.clone(), subject);
        } catch (SigstoreException e) {
            throw new SigstoreException(SigstoreException.Check.FORMAT, subject, "the signing certificate does not parse as X.509");
        }
    }

    public X509Certificate x509() {
        return certificate;
    }

    public byte[] der() {
        return der.clone();
    }

    /** The certificate's key, which made the signature. */
    public VerificationKey key() {
        try {
            return VerificationKey.of(certificate.getPublicKey(), "the certificate of " + subject);
        } catch (KeyException e) {
            throw new SigstoreException(SigstoreException.Check.FORMAT, subject, "the signing certificate's key is not usable: " + e.getMessage());
        }
    }

    /**
     * The CA that issued this certificate and was trusted at {@code signedAt}: the issuing certificate's signature on
     * it, every certificate of the chain valid at that time (never "now": Fulcio certificates live ten minutes), the
     * CA's {@code validFor} window holding it, and the code-signing EKU.
     */
    public TrustedRoot.CertificateAuthority verifyChain(TrustedRoot root, Instant signedAt) {
        requireLeaf();
        String last = "no certificate authority in " + root.name() + " issued it";
        for (TrustedRoot.CertificateAuthority ca : root.certificateAuthorities()) {
            X509Certificate issuer = ca.chain().get(0);
            if (!issuer.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                continue;
            }
            if (!issuedBy(issuer, root)) {
                last = "the signature of " + issuer.getSubjectX500Principal().getName() + " on it does not verify";
                continue;
            }
            if (!ca.validFor().contains(signedAt)) {
                last = "its certificate authority was trusted " + ca.validFor() + ", not at the signing time " + signedAt;
                continue;
            }
            Optional<String> expired = expiredAt(signedAt, ca.chain());
            if (expired.isPresent()) {
                last = expired.get();
                continue;
            }
            return ca;
        }
        throw new SigstoreException(SigstoreException.Check.CHAIN, subject, last);
    }

    private boolean issuedBy(X509Certificate issuer, TrustedRoot root) {
        if (root.signatureVerified(der, issuer)) {
            return true;
        }
        boolean verified = signatureVerifies(issuer, root);
        if (verified) {
            root.rememberSignature(der, issuer);
        }
        return verified;
    }

    private boolean signatureVerifies(X509Certificate issuer, TrustedRoot root) {
        Optional<VerificationKey> key = root.issuerKey(issuer);
        if (key.isPresent() && ECDSA_SIGNATURES.contains(certificate.getSigAlgOID())) {
            try {
                if (key.get().verify(certificate.getTBSCertificate(), certificate.getSignature())) {
                    return true;
                }
            } catch (CertificateEncodingException e) {
                return false;
            }
        }
        // other key types, and a hash the fast path does not try for that curve: the JDK decides
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private Optional<String> expiredAt(Instant time, List<X509Certificate> chain) {
        if (outside(certificate, time)) {
            return Optional.of("the certificate was valid " + certificate.getNotBefore().toInstant() + ".." + certificate.getNotAfter().toInstant()
                    + ", not at the signing time " + time);
        }
        for (X509Certificate ca : chain) {
            if (outside(ca, time)) {
                return Optional.of("CA certificate " + ca.getSubjectX500Principal().getName() + " was not valid at the signing time " + time);
            }
        }
        return Optional.empty();
    }

    private static boolean outside(X509Certificate certificate, Instant time) {
        return time.isBefore(certificate.getNotBefore().toInstant()) || time.isAfter(certificate.getNotAfter().toInstant());
    }

    private void requireLeaf() {
        if (certificate.getBasicConstraints() >= 0) {
            throw new SigstoreException(SigstoreException.Check.CHAIN, subject, "the signing certificate is a CA certificate");
        }
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            if (usages == null || !usages.contains(CODE_SIGNING)) {
                throw new SigstoreException(SigstoreException.Check.CHAIN, subject, "the signing certificate lacks the code-signing extended key usage");
            }
        } catch (CertificateParsingException e) {
            throw new SigstoreException(SigstoreException.Check.CHAIN, subject, "the extended key usage does not parse");
        }
    }

    /**
     * Verifies the embedded SCTs against the root's CT logs: at least one must come from a trusted log, valid at the
     * SCT's time, and sign the precertificate ({@code issuer}'s key hash and this TBS without the SCT list).
     */
    public void verifySct(TrustedRoot root, TrustedRoot.CertificateAuthority issuer) {
        byte[] list = sctList();
        byte[] issuerKeyHash = TrustedRoot.sha256(issuer.chain().get(0).getPublicKey().getEncoded());
        byte[] tbs = tbsWithoutSctList();
        String last = null;
        ByteBuffer buffer = ByteBuffer.wrap(list);
        try {
            int total = u16(buffer);
            if (total != buffer.remaining()) {
                throw sct("the SCT list length " + total + " does not match its " + buffer.remaining() + " bytes");
            }
            while (buffer.hasRemaining()) {
                int length = u16(buffer);
                byte[] one = new byte[length];
                buffer.get(one);
                Optional<String> failure = verifyOne(ByteBuffer.wrap(one), root, issuerKeyHash, tbs);
                if (failure.isEmpty()) {
                    return;
                }
                last = failure.get();
            }
        } catch (RuntimeException e) {
            if (e instanceof SigstoreException sigstore) {
                throw sigstore;
            }
            throw sct("the SCT list does not parse");
        }
        throw sct(last == null ? "the certificate carries no SCT" : last);
    }

    private Optional<String> verifyOne(ByteBuffer sct, TrustedRoot root, byte[] issuerKeyHash, byte[] tbs) {
        int version = sct.get();
        if (version != 0) {
            return Optional.of("SCT version " + version + " is not v1");
        }
        byte[] logId = new byte[32];
        sct.get(logId);
        long timestamp = sct.getLong();
        byte[] extensions = new byte[u16(sct)];
        sct.get(extensions);
        sct.get(); // hash algorithm: the log key decides
        sct.get(); // signature algorithm
        byte[] signature = new byte[u16(sct)];
        sct.get(signature);
        Optional<TrustedRoot.LogKey> log = root.ctlog(logId);
        if (log.isEmpty()) {
            return Optional.of("the SCT's log " + java.util.Base64.getEncoder().encodeToString(logId) + " is not a trusted CT log");
        }
        Instant time = Instant.ofEpochMilli(timestamp);
        if (!log.get().validFor().contains(time)) {
            return Optional.of("CT log " + log.get().baseUrl() + " was trusted " + log.get().validFor() + ", not at the SCT's time " + time);
        }
        ByteBuffer signed = ByteBuffer.allocate(1 + 1 + 8 + 2 + 32 + 3 + tbs.length + 2 + extensions.length);
        signed.put((byte) 0).put((byte) 0).putLong(timestamp).putShort((short) 1).put(issuerKeyHash);
        signed.put((byte) (tbs.length >>> 16)).put((byte) (tbs.length >>> 8)).put((byte) tbs.length).put(tbs);
        signed.putShort((short) extensions.length).put(extensions);
        if (!root.verifies(log.get().key(), signed.array(), signature)) {
            return Optional.of("the SCT from " + log.get().baseUrl() + " does not verify with that log's key");
        }
        return Optional.empty();
    }

    private static int u16(ByteBuffer buffer) {
        return buffer.getShort() & 0xffff;
    }

    private byte[] sctList() {
        byte[] extension = certificate.getExtensionValue(SCT_LIST);
        if (extension == null) {
            throw sct("the certificate carries no embedded SCT");
        }
        try {
            ASN1OctetString outer = ASN1OctetString.getInstance(extension);
            return ASN1OctetString.getInstance(outer.getOctets()).getOctets();
        } catch (RuntimeException e) {
            throw sct("the SCT list extension does not parse");
        }
    }

    /** The TBS certificate with the SCT list extension removed: what the CT log signed (RFC 6962 §3.2). */
    private byte[] tbsWithoutSctList() {
        try {
            ASN1Sequence tbs = ASN1Sequence.getInstance(certificate.getTBSCertificate());
            ASN1EncodableVector rebuilt = new ASN1EncodableVector();
            for (ASN1Encodable element : tbs) {
                if (element instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 3) {
                    ASN1EncodableVector kept = new ASN1EncodableVector();
                    for (ASN1Encodable extension : ASN1Sequence.getInstance(tagged.getExplicitBaseObject())) {
                        ASN1ObjectIdentifier oid = ASN1ObjectIdentifier.getInstance(ASN1Sequence.getInstance(extension).getObjectAt(0));
                        if (!oid.getId().equals(SCT_LIST)) {
                            kept.add(extension);
                        }
                    }
                    rebuilt.add(new DERTaggedObject(true, 3, new DERSequence(kept)));
                } else {
                    rebuilt.add(element);
                }
            }
            return new DERSequence(rebuilt).getEncoded(ASN1Encoding.DER);
        } catch (CertificateEncodingException | IOException | RuntimeException e) {
            throw sct("the certificate's TBS does not re-encode");
        }
    }

    private SigstoreException sct(String cause) {
        return new SigstoreException(SigstoreException.Check.SCT, subject, cause);
    }

    /**
     * The identity the certificate names: every SAN (URI, email, Fulcio username), the issuer from extension 1.8 or
     * else the deprecated 1.1, and the other Fulcio extensions. A certificate without a SAN or issuer names no one.
     */
    public CertificateIdentity identity() {
        List<String> subjects = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    int type = (Integer) name.get(0);
                    if ((type == SAN_URI || type == SAN_EMAIL) && name.get(1) instanceof String value) {
                        subjects.add(value);
                    } else if (type == SAN_OTHER_NAME && name.get(1) instanceof byte[] encoded) {
                        otherName(encoded).ifPresent(subjects::add);
                    }
                }
            }
        } catch (CertificateParsingException | RuntimeException e) {
            throw new SigstoreException(SigstoreException.Check.IDENTITY, subject, "the subject alternative names do not parse");
        }
        if (subjects.isEmpty()) {
            throw new SigstoreException(SigstoreException.Check.IDENTITY, subject, "the certificate names no subject (URI, email or username SAN)");
        }
        Map<String, String> extensions = new HashMap<>();
        for (FulcioExtension extension : FulcioExtension.values()) {
            extensionText(extension).ifPresent(value -> extensions.put(extension.oid(), value));
        }
        String issuer = extensions.getOrDefault(FulcioExtension.ISSUER_V2.oid(), extensions.get(FulcioExtension.ISSUER_V1.oid()));
        if (issuer == null) {
            throw new SigstoreException(SigstoreException.Check.IDENTITY, subject, "the certificate names no OIDC issuer (extension 1.3.6.1.4.1.57264.1.8 or 1.1)");
        }
        return new CertificateIdentity(subjects, issuer, extensions);
    }

    private static Optional<String> otherName(byte[] encoded) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(encoded);
        ASN1ObjectIdentifier type = ASN1ObjectIdentifier.getInstance(sequence.getObjectAt(0));
        if (!type.getId().equals(OTHER_NAME_USERNAME)) {
            return Optional.empty();
        }
        ASN1Primitive value = ASN1TaggedObject.getInstance(sequence.getObjectAt(1)).getExplicitBaseObject().toASN1Primitive();
        return value instanceof ASN1String text ? Optional.of(text.getString()) : Optional.empty();
    }

    /** The deprecated extensions (1.1 to 1.6) hold raw bytes; 1.8 and later a DER UTF8String. */
    private Optional<String> extensionText(FulcioExtension extension) {
        byte[] value = certificate.getExtensionValue(extension.oid());
        if (value == null) {
            return Optional.empty();
        }
        byte[] content = ASN1OctetString.getInstance(value).getOctets();
        if (extension.ordinal() >= FulcioExtension.ISSUER_V2.ordinal()) {
            try {
                ASN1Primitive primitive = ASN1Primitive.fromByteArray(content);
                if (primitive instanceof ASN1String text) {
                    return Optional.of(text.getString());
                }
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
            return Optional.empty();
        }
        return Optional.of(new String(content, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "FulcioCertificate[" + certificate.getSubjectX500Principal() + ", serial " + certificate.getSerialNumber().toString(16) + "]";
    }
}

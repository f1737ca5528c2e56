package dev.signet.testing.sigstore;

import dev.signet.sigstore.FulcioExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A certificate authority shaped like Fulcio: a self-signed P-256 root, optionally an intermediate, and 10-minute leaf
 * certificates for a caller's public key with the identity in the SAN and Fulcio's issuer extensions, each carrying an
 * SCT list that {@link TestCtLog} signed the RFC 6962 way (over the precertificate). Leaves are therefore real
 * Fulcio-style certificates: a verifier can check chain, SCT, identity and validity without knowing they came from
 * a test.
 */
public final class TestFulcio {
    /** RFC 6962 §3.1 precertificate poison, critical, value ASN.1 NULL. */
    public static final String CT_POISON_OID = "1.3.6.1.4.1.11129.2.4.3";
    /** RFC 6962 §3.3 embedded SCT list: an OCTET STRING holding the TLS-encoded SignedCertificateTimestampList. */
    public static final String SCT_LIST_OID = "1.3.6.1.4.1.11129.2.4.2";
    private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final TestCtLog ctLog;
    private final KeyPair rootKeys;
    private final X509Certificate root;
    private final KeyPair issuerKeys;
    private final X509Certificate issuer;
    private final List<X509Certificate> chain;

    private TestFulcio(Clock clock, TestCtLog ctLog, boolean intermediate) {
        this.clock = clock;
        this.ctLog = ctLog;
        Instant start = clock.instant().minus(Duration.ofDays(1));
        this.rootKeys = Encodings.p256();
        X500Name rootName = new X500Name("CN=sigstore,O=signet.test");
        this.root = ca(rootName, rootKeys.getPublic(), rootName, rootKeys, start, 1);
        if (intermediate) {
            this.issuerKeys = Encodings.p256();
            this.issuer = ca(new X500Name("CN=sigstore-intermediate,O=signet.test"), issuerKeys.getPublic(), rootName, rootKeys, start, 0);
            this.chain = List.of(issuer, root);
        } else {
            this.issuerKeys = rootKeys;
            this.issuer = root;
            this.chain = List.of(root);
        }
    }

    /** A root and an intermediate that issues the leaves, as public-good Fulcio has since 2022; valid from a day ago. */
    public static TestFulcio withIntermediate(Clock clock, TestCtLog ctLog) {
        return new TestFulcio(clock, ctLog, true);
    }

    /** A root that issues the leaves itself, as the Fulcio of 2021 and {@code @sigstore/mock} do. */
    public static TestFulcio rootOnly(Clock clock, TestCtLog ctLog) {
        return new TestFulcio(clock, ctLog, false);
    }

    /** The CA certificates, issuing CA first and root last: the trusted root's {@code certChain} and cosign's chain. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public X509Certificate root() {
        return root;
    }

    /** The certificate that signs leaves: the intermediate, or the root without one. */
    public X509Certificate issuer() {
        return issuer;
    }

    /**
     * A leaf for {@code subjectKey} as {@code spec} describes: first the precertificate TBS with the poison extension,
     * whose TBS without the poison the CT log signs, then the certificate with the SCT list in the poison's stead.
     */
    public X509Certificate issue(PublicKey subjectKey, LeafSpec spec) {
        Instant notBefore = spec.notBefore() == null ? clock.instant() : spec.notBefore();
        BigInteger serial = serial();
        List<Extension> extensions = leafExtensions(subjectKey, spec);
        if (!spec.embedSct()) {
            return sign(tbs(serial, issuer.getSubjectX500Principal().getEncoded(), subjectKey, notBefore, spec.validity(), extensions, null));
        }
        Extension poison = new Extension(new ASN1ObjectIdentifier(CT_POISON_OID), true, der(DERNull.INSTANCE));
        TBSCertificate precertificate = tbs(serial, issuer.getSubjectX500Principal().getEncoded(), subjectKey, notBefore, spec.validity(), extensions, poison);
        byte[] issuerKeyHash = Encodings.sha256(issuer.getPublicKey().getEncoded());
        TestCtLog log = spec.ctLog() == null ? ctLog : spec.ctLog();
        byte[] sct = log.signPrecertificate(issuerKeyHash, der(replacePoison(precertificate, null)), clock.millis());
        Extension sctList = new Extension(new ASN1ObjectIdentifier(SCT_LIST_OID), false, der(new DEROctetString(TestCtLog.sctList(List.of(sct)))));
        return sign(replacePoison(precertificate, sctList));
    }

    /** The precertificate TBS with its poison extension dropped, or replaced by {@code replacement} in its place. */
    private static TBSCertificate replacePoison(TBSCertificate precertificate, Extension replacement) {
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(precertificate.getSerialNumber());
        tbs.setSignature(precertificate.getSignature());
        tbs.setIssuer(precertificate.getIssuer());
        tbs.setStartDate(precertificate.getStartDate());
        tbs.setEndDate(precertificate.getEndDate());
        tbs.setSubject(precertificate.getSubject());
        tbs.setSubjectPublicKeyInfo(precertificate.getSubjectPublicKeyInfo());
        List<Extension> kept = new ArrayList<>();
        for (ASN1ObjectIdentifier oid : precertificate.getExtensions().getExtensionOIDs()) {
            if (oid.getId().equals(CT_POISON_OID)) {
                if (replacement != null) {
                    kept.add(replacement);
                }
            } else {
                kept.add(precertificate.getExtensions().getExtension(oid));
            }
        }
        tbs.setExtensions(new Extensions(kept.toArray(Extension[]::new)));
        return tbs.generateTBSCertificate();
    }

    private List<Extension> leafExtensions(PublicKey subjectKey, LeafSpec spec) {
        List<Extension> extensions = new ArrayList<>();
        extensions.add(new Extension(Extension.keyUsage, true, der(new KeyUsage(KeyUsage.digitalSignature))));
        KeyPurposeId purpose = spec.codeSigning() ? KeyPurposeId.id_kp_codeSigning : KeyPurposeId.id_kp_serverAuth;
        extensions.add(new Extension(Extension.extendedKeyUsage, false, der(new ExtendedKeyUsage(purpose))));
        int sanType = spec.sanType() == LeafSpec.SanType.URI ? GeneralName.uniformResourceIdentifier : GeneralName.rfc822Name;
        // Fulcio leaves have an empty subject, so the SAN is critical (RFC 5280 §4.2.1.6)
        extensions.add(new Extension(Extension.subjectAlternativeName, true, der(new GeneralNames(new GeneralName(sanType, spec.san())))));
        extensions.add(new Extension(Extension.subjectKeyIdentifier, false, der(keyId(subjectKey))));
        extensions.add(new Extension(Extension.authorityKeyIdentifier, false, der(new AuthorityKeyIdentifier(keyId(issuer.getPublicKey()).getKeyIdentifier()))));
        if (spec.issuer() != null) {
            // 1.1 (deprecated) is the raw string as the extension value; 1.8 is a DER UTF8String
            extensions.add(new Extension(new ASN1ObjectIdentifier(FulcioExtension.ISSUER_V1.oid()), false, spec.issuer().getBytes(StandardCharsets.UTF_8)));
            extensions.add(new Extension(new ASN1ObjectIdentifier(FulcioExtension.ISSUER_V2.oid()), false, der(new DERUTF8String(spec.issuer()))));
        }
        for (Map.Entry<FulcioExtension, String> workflow : spec.workflow().entrySet()) {
            extensions.add(new Extension(new ASN1ObjectIdentifier(workflow.getKey().oid()), false, workflow.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        for (Map.Entry<String, String> extension : spec.extensions().entrySet()) {
            extensions.add(new Extension(new ASN1ObjectIdentifier(extension.getKey()), false, der(new DERUTF8String(extension.getValue()))));
        }
        return extensions;
    }

    private X509Certificate ca(X500Name subject, PublicKey key, X500Name issuerName, KeyPair signer, Instant start, int pathLength) {
        List<Extension> extensions = List.of(
                new Extension(Extension.basicConstraints, true, der(new BasicConstraints(pathLength))),
                new Extension(Extension.keyUsage, true, der(new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))),
                new Extension(Extension.subjectKeyIdentifier, false, der(keyId(key))),
                new Extension(Extension.authorityKeyIdentifier, false, der(new AuthorityKeyIdentifier(keyId(signer.getPublic()).getKeyIdentifier()))));
        V3TBSCertificateGenerator tbs = generator(serial(), der(issuerName), key, start, CA_VALIDITY);
        tbs.setSubject(subject);
        tbs.setExtensions(new Extensions(extensions.toArray(Extension[]::new)));
        return sign(tbs.generateTBSCertificate(), signer.getPrivate());
    }

    private TBSCertificate tbs(BigInteger serial, byte[] issuerName, PublicKey key, Instant notBefore, Duration validity, List<Extension> extensions,
            Extension last) {
        V3TBSCertificateGenerator tbs = generator(serial, issuerName, key, notBefore, validity);
        tbs.setSubject(new X500Name(new RDN[0]));
        List<Extension> all = new ArrayList<>(extensions);
        if (last != null) {
            all.add(last);
        }
        tbs.setExtensions(new Extensions(all.toArray(Extension[]::new)));
        return tbs.generateTBSCertificate();
    }

    private static V3TBSCertificateGenerator generator(BigInteger serial, byte[] issuerName, PublicKey key, Instant notBefore, Duration validity) {
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(serial));
        tbs.setIssuer(X500Name.getInstance(issuerName));
        tbs.setStartDate(new Time(Date.from(notBefore)));
        tbs.setEndDate(new Time(Date.from(notBefore.plus(validity))));
        tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
        tbs.setSignature(ECDSA_SHA256);
        return tbs;
    }

    private X509Certificate sign(TBSCertificate tbs) {
        return sign(tbs, issuerKeys.getPrivate());
    }

    private static X509Certificate sign(TBSCertificate tbs, PrivateKey key) {
        ASN1EncodableVector certificate = new ASN1EncodableVector();
        certificate.add(tbs);
        certificate.add(ECDSA_SHA256);
        certificate.add(new DERBitString(Encodings.ecdsaSha256(key, der(tbs))));
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der(new DERSequence(certificate))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("issue test certificate: the JDK cannot read it back: " + e.getMessage(), e);
        }
    }

    /** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
    private static SubjectKeyIdentifier keyId(PublicKey key) {
        byte[] bits = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
        try {
            return new SubjectKeyIdentifier(MessageDigest.getInstance("SHA-1").digest(bits));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    private static BigInteger serial() {
        // positive and at most 20 bytes (RFC 5280 §4.1.2.2); Go refuses negative serials
        return new BigInteger(152, RANDOM).add(BigInteger.ONE);
    }

    private static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("encode " + value.getClass().getSimpleName() + " as DER: " + e.getMessage(), e);
        }
    }
}

package dev.signet.testing.sigstore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 timestamp authority (bcpkix's {@code TimeStampTokenGenerator}), shaped like Sigstore's
 * timestamp-authority: a P-256 root and a signing certificate with the critical timeStamping EKU, answering with a
 * DER {@code TimeStampResp} whose imprint is SHA-256 of the signature being timestamped, the form a bundle's
 * {@code timestampVerificationData.rfc3161Timestamps[].signedTimestamp} holds. Certificates stay out of the token:
 * verifiers take them from the trusted root.
 */
public final class TestTsa {
    /** Sigstore's TSA policy OID. */
    private static final String POLICY = "1.3.6.1.4.1.57264.2";
    private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final KeyPair signingKeys = Encodings.p256();
    private final X509Certificate root;
    private final X509Certificate signer;

    private TestTsa(Clock clock) {
        this.clock = clock;
        Instant start = clock.instant().minus(Duration.ofDays(1));
        KeyPair rootKeys = Encodings.p256();
        X500Name rootName = new X500Name("CN=tsa,O=signet.test");
        this.root = certificate(rootName, rootName, rootKeys.getPublic(), rootKeys.getPrivate(), start, true);
        this.signer = certificate(new X500Name("CN=tsa signing,O=signet.test"), rootName, signingKeys.getPublic(), rootKeys.getPrivate(), start, false);
    }

    /** A TSA valid from a day before {@code clock}'s now, stamping {@code clock}'s time. */
    public static TestTsa create(Clock clock) {
        return new TestTsa(clock);
    }

    /** Signing certificate first, root last: the trusted root's {@code timestampAuthorities[].certChain}. */
    public List<X509Certificate> chain() {
        return List.of(signer, root);
    }

    /** A DER {@code TimeStampResp} (status granted) for SHA-256 of {@code signature}, at the clock's time. */
    public byte[] timestamp(byte[] signature) {
        try {
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", signingKeys.getPrivate(), signer),
                    new JcaDigestCalculatorProviderBuilder().build().get(new DefaultDigestAlgorithmIdentifierFinder().find("SHA-256")),
                    new ASN1ObjectIdentifier(POLICY));
            TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
            requests.setCertReq(false);
            TimeStampRequest request = requests.generate(TSPAlgorithms.SHA256, Encodings.sha256(signature), BigInteger.valueOf(RANDOM.nextLong() & Long.MAX_VALUE));
            return new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED).generate(request, serial(), Date.from(clock.instant())).getEncoded();
        } catch (OperatorCreationException | TSPException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("timestamp signature: " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(X500Name subject, X500Name issuer, PublicKey key, PrivateKey signingKey, Instant start, boolean ca) {
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(serial()));
        tbs.setIssuer(issuer);
        tbs.setSubject(subject);
        tbs.setStartDate(new Time(Date.from(start)));
        tbs.setEndDate(new Time(Date.from(start.plus(Duration.ofDays(3650)))));
        tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
        tbs.setSignature(ECDSA_SHA256);
        try {
            Extension[] extensions = ca
                    ? new Extension[] {
                        new Extension(Extension.basicConstraints, true, new BasicConstraints(0).getEncoded(ASN1Encoding.DER)),
                        new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).getEncoded(ASN1Encoding.DER))}
                    : new Extension[] {
                        new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature).getEncoded(ASN1Encoding.DER)),
                        // RFC 3161 §2.3: the one EKU, critical; bcpkix refuses to sign with anything else
                        new Extension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping).getEncoded(ASN1Encoding.DER))};
            tbs.setExtensions(new Extensions(extensions));
            var toBeSigned = tbs.generateTBSCertificate();
            ASN1EncodableVector certificate = new ASN1EncodableVector();
            certificate.add(toBeSigned);
            certificate.add(ECDSA_SHA256);
            certificate.add(new DERBitString(Encodings.ecdsaSha256(signingKey, toBeSigned.getEncoded(ASN1Encoding.DER))));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(new DERSequence(certificate).getEncoded(ASN1Encoding.DER)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("issue TSA certificate " + subject + ": " + e.getMessage(), e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(152, RANDOM).add(BigInteger.ONE);
    }
}

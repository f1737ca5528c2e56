package dev.signet.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A self-signed P-256 certificate for {@code 127.0.0.1} and {@code localhost}, made in the test: the registry's TLS
 * certificate, and the token-signing certificate its {@code rootcertbundle} trusts. Built with BouncyCastle's ASN.1
 * classes from bcprov (no bcpkix needed) and signed with the JDK.
 */
public final class TestCertificate {
    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private TestCertificate(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /** A fresh key and certificate, valid from an hour ago for a day. */
    public static TestCertificate generate(String commonName) {
        return generate(commonName, new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost"));
    }

    /** As {@link #generate(String)}, for {@code dnsName} alone: a server on loopback presenting it fails host name checks. */
    public static TestCertificate generateFor(String commonName, String dnsName) {
        return generate(commonName, new GeneralName(GeneralName.dNSName, dnsName));
    }

    private static TestCertificate generate(String commonName, GeneralName... names) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keyPair = generator.generateKeyPair();
            AlgorithmIdentifier ecdsaSha256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            X500Name name = new X500Name("CN=" + commonName);
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            // Go's x509 rejects negative serial numbers
            tbs.setSerialNumber(new ASN1Integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE)));
            tbs.setIssuer(name);
            tbs.setSubject(name);
            Instant now = Instant.now();
            tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofHours(1)))));
            tbs.setEndDate(new Time(Date.from(now.plus(Duration.ofDays(1)))));
            tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()));
            tbs.setSignature(ecdsaSha256);
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            tbs.setExtensions(extensions.generate());
            TBSCertificate toBeSigned = tbs.generateTBSCertificate();
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keyPair.getPrivate());
            signer.update(toBeSigned.getEncoded(ASN1Encoding.DER));
            ASN1EncodableVector certificate = new ASN1EncodableVector();
            certificate.add(toBeSigned);
            certificate.add(ecdsaSha256);
            certificate.add(new DERBitString(signer.sign()));
            byte[] der = new DERSequence(certificate).getEncoded(ASN1Encoding.DER);
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new TestCertificate(keyPair, x509);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate a test certificate", e);
        }
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The DER encoding, e.g. for a JWT {@code x5c} header. */
    public byte[] der() {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate as PEM. */
    public Path writeCertificate(Path file) {
        return writePem(file, "CERTIFICATE", der());
    }

    /** Writes the private key as PKCS#8 PEM, which Go's {@code tls.LoadX509KeyPair} reads. */
    public Path writePrivateKey(Path file) {
        return writePem(file, "PRIVATE KEY", keyPair.getPrivate().getEncoded());
    }

    /** A client context that trusts exactly this certificate. */
    public SSLContext trustingContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("test", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust context", e);
        }
    }

    /** A server context presenting this certificate, for {@code HttpsServer}. */
    public SSLContext serverContext() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = "test".toCharArray();
            keys.setKeyEntry("test", keyPair.getPrivate(), password, new Certificate[] {certificate});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a server context", e);
        }
    }

    private static Path writePem(Path file, String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        try {
            Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

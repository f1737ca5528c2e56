package dev.signet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 review: under Knative's transport encryption the broker's address is https with a certificate of the
 * cluster's CA, handed over in {@code K_CA_CERTS}. A real TLS server with such a certificate: trusted with the
 * variable, refused without it.
 */
class SinkTrustTest {
    private HttpsServer broker;
    private String clusterCaPem;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair caKeys = generator.generateKeyPair();
        KeyPair serverKeys = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=knative-eventing-selfsigned-ca");
        X509Certificate ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        X509Certificate server = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(caName, BigInteger.TWO,
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=broker-ingress"), serverKeys.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(ca);
        }
        clusterCaPem = pem.toString();

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("broker", serverKeys.getPrivate(), new char[0], new X509Certificate[] {server, ca});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        broker = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        broker.setHttpsConfigurator(new HttpsConfigurator(tls));
        broker.createContext("/", exchange -> {
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        broker.start();
    }

    @AfterEach
    void stop() {
        broker.stop(0);
    }

    private int post(HttpClient client) throws IOException, InterruptedException {
        URI sink = URI.create("https://127.0.0.1:" + broker.getAddress().getPort() + "/signet-system/signet");
        return client.send(HttpRequest.newBuilder(sink).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void clusterCa_fromKCaCerts_isTrusted() throws Exception {
        SSLContext context = SinkTrust.of(Optional.of(clusterCaPem)).orElseThrow();
        assertThat(post(HttpClient.newBuilder().sslContext(context).build())).isEqualTo(202);
    }

    @Test
    void withoutKCaCerts_theJdkRefusesTheClustersCertificate() {
        assertThat(SinkTrust.of(Optional.empty())).isEmpty();
        assertThat(SinkTrust.of(Optional.of("  "))).isEmpty();
        assertThatThrownBy(() -> post(HttpClient.newHttpClient())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void notACertificate_isRefusedAtStart_namingTheVariable() {
        assertThatThrownBy(() -> SinkTrust.of(Optional.of("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("read K_CA_CERTS: ");
        assertThatThrownBy(() -> SinkTrust.of(Optional.of("x".repeat(SinkTrust.MAX_PEM_CHARS + 1))))
                .hasMessageStartingWith("read K_CA_CERTS: longer than");
    }
}

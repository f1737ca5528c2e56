package dev.signet.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust for posting events to a Knative sink. With Eventing's transport encryption, the sink (the broker) has an
 * {@code https} address whose certificate is issued by the cluster's own CA, which no JDK trusts; a SinkBinding hands
 * that CA to its subject in {@code K_CA_CERTS} (PEM, one or more certificates). The context built here trusts those
 * certificates in addition to the JDK's roots, so a public sink still works and a cluster-local one does too.
 */
public final class SinkTrust {
    /** A few CA certificates are a few KiB; a larger value is not a CA bundle. */
    static final int MAX_PEM_CHARS = 256 * 1024;

    private SinkTrust() {
    }

    /**
     * The SSL context for {@code caCerts} ({@code K_CA_CERTS}); empty when it is absent or blank (the JDK default then).
     *
     * @throws IllegalArgumentException when the value is set but holds no readable certificate, naming the variable
     */
    public static Optional<SSLContext> of(Optional<String> caCerts) {
        if (caCerts.isEmpty() || caCerts.get().isBlank()) {
            return Optional.empty();
        }
        String pem = caCerts.get();
        if (pem.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException("read K_CA_CERTS: longer than " + MAX_PEM_CHARS + " characters; it should hold the sink's CA certificates");
        }
        try {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (read.isEmpty()) {
                throw new IllegalArgumentException("read K_CA_CERTS: no certificate in it; it should hold PEM certificates");
            }
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            int index = 0;
            for (Certificate certificate : read) {
                extra.setCertificateEntry("k-ca-" + index++, certificate);
            }
            X509TrustManager jdk = trustManager(null);
            X509TrustManager cluster = trustManager(extra);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new EitherTrustManager(jdk, cluster)}, null);
            return Optional.of(context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("read K_CA_CERTS: " + e.getMessage() + "; it should hold PEM certificates", e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a server the JDK's roots or the cluster's CA trust; the JDK's reason is kept when neither does. */
    private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException notByTheJdk) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> issuers = new ArrayList<>(List.of(first.getAcceptedIssuers()));
            issuers.addAll(List.of(second.getAcceptedIssuers()));
            return issuers.toArray(X509Certificate[]::new);
        }
    }
}

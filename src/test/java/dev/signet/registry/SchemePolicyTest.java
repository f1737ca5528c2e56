package dev.signet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.reference.Registry;
import dev.signet.registry.transport.Responses;
import dev.signet.registry.transport.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class SchemePolicyTest {
    private final List<URI> pinged = new ArrayList<>();
    private final Deque<IOException> failures = new ArrayDeque<>();
    /** What the port answers to plain HTTP once its TLS failed: 401 for a plain-HTTP registry, 400 for a TLS server. */
    private int plainHttpStatus = 401;
    private final Transport wire = request -> {
        pinged.add(request.uri());
        if (!failures.isEmpty()) {
            throw failures.pop();
        }
        return Responses.answer(request, request.uri().getScheme().equals("http") ? plainHttpStatus : 401);
    };
    private final SchemePolicy schemes = new SchemePolicy(RegistryOptions.defaults(), wire);

    @Test
    void apiRoot_publicRegistry_isHttpsWithoutPing() {
        assertThat(schemes.apiRoot(Registry.parse("ghcr.io"))).isEqualTo(URI.create("https://ghcr.io/v2/"));
        assertThat(schemes.apiRoot(Registry.DOCKER_HUB)).isEqualTo(URI.create("https://index.docker.io/v2/"));
        assertThat(pinged).isEmpty();
    }

    @Test
    void apiRoot_loopbackAnsweringTls_staysHttpsAndPingsOnce() {
        Registry local = Registry.parse("localhost:5000");

        assertThat(schemes.apiRoot(local)).isEqualTo(URI.create("https://localhost:5000/v2/"));
        assertThat(schemes.apiRoot(local)).isEqualTo(URI.create("https://localhost:5000/v2/"));
        assertThat(pinged).containsExactly(URI.create("https://localhost:5000/v2/"));
    }

    @Test
    void apiRoot_loopbackFailingTls_fallsBackToHttpForGood() {
        failures.add(new SSLException("Unsupported or unrecognized SSL message"));
        Registry local = Registry.parse("127.0.0.1:5000");

        assertThat(schemes.apiRoot(local)).isEqualTo(URI.create("http://127.0.0.1:5000/v2/"));
        assertThat(schemes.apiRoot(local)).isEqualTo(URI.create("http://127.0.0.1:5000/v2/"));
        assertThat(pinged).containsExactly(URI.create("https://127.0.0.1:5000/v2/"), URI.create("http://127.0.0.1:5000/v2/"));
    }

    @Test
    void apiRoot_tlsTimeoutOnAnHttpsRegistry_staysHttpsAndAsksAgain() {
        // a slow TLS registry: the hello times out, and plain HTTP to its port gets the TLS server's 400
        plainHttpStatus = 400;
        failures.add(new HttpTimeoutException("request timed out"));
        Registry local = Registry.parse("localhost:5000");

        assertThat(schemes.apiRoot(local)).isEqualTo(URI.create("https://localhost:5000/v2/"));
        assertThat(schemes.apiRoot(local)).isEqualTo(URI.create("https://localhost:5000/v2/"));
        assertThat(pinged).containsExactly(URI.create("https://localhost:5000/v2/"), URI.create("http://localhost:5000/v2/"),
                URI.create("https://localhost:5000/v2/"));
    }

    @Test
    void apiRoot_tlsTimeoutThenPlainHttp503_isAPlainHttpRegistryThatIsDown() {
        plainHttpStatus = 503;
        failures.add(new HttpTimeoutException("request timed out"));
        Registry local = Registry.parse("localhost:5000");

        assertThat(schemes.apiRoot(local).getScheme()).isEqualTo("http");
        assertThat(schemes.apiRoot(local).getScheme()).isEqualTo("http");
        assertThat(pinged).hasSize(2);
    }

    @Test
    void apiRoot_tlsAndPlainHttpBothTimeOut_decidesNothing() {
        failures.add(new HttpTimeoutException("request timed out"));
        failures.add(new HttpTimeoutException("request timed out"));
        Registry listed = Registry.parse("registry.lan:5000");
        SchemePolicy insecure = new SchemePolicy(RegistryOptions.defaults().withInsecureRegistries(Set.of(listed)), wire);

        assertThat(insecure.apiRoot(listed).getScheme()).isEqualTo("https");
        // the network recovered: the next request asks again, and TLS answers
        assertThat(insecure.apiRoot(listed).getScheme()).isEqualTo("https");
        assertThat(pinged).hasSize(3);
    }

    @Test
    void apiRoot_plainHttpRegistrySilentOnTlsHello_fallsBackOnceItAnswersAsRegistry() {
        failures.add(new HttpTimeoutException("request timed out"));
        Registry local = Registry.parse("localhost:5000");

        assertThat(schemes.apiRoot(local).getScheme()).isEqualTo("http");
        assertThat(schemes.apiRoot(local).getScheme()).isEqualTo("http");
        assertThat(pinged).hasSize(2);
    }

    @Test
    void apiRoot_untrustedCertificate_keepsHttpsSoTheRealErrorShows() {
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new CertificateException("unable to find valid certification path"));
        failures.add(untrusted);

        assertThat(schemes.apiRoot(Registry.parse("localhost:5000")).getScheme()).isEqualTo("https");
    }

    @Test
    void apiRoot_connectionRefused_decidesNothingAndAsksAgain() {
        failures.add(new ConnectException("Connection refused"));
        Registry local = Registry.parse("localhost:5000");

        assertThat(schemes.apiRoot(local).getScheme()).isEqualTo("https");
        assertThat(schemes.apiRoot(local).getScheme()).isEqualTo("https");
        assertThat(pinged).hasSize(2);
    }
}

package dev.signet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.auth.Credentials;
import dev.signet.registry.auth.StaticCredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.RequestLog;
import dev.signet.testing.LocalRegistry;
import dev.signet.testing.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** htpasswd Basic auth behind a self-signed certificate generated in the test (STYLE.md's second variant). */
class TlsRegistryIT {
    private static final TestCertificate CERTIFICATE = TestCertificate.generate("signet test registry");
    private static LocalRegistry registry;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.builder().tls(CERTIFICATE).basicAuth("carol", "tls-password").start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pushAndPull_overTrustedTls_neverUsesPlainHttp() {
        RequestLog log = new RequestLog(SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT, CERTIFICATE.trustingContext()));
        HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(),
                StaticCredentialProvider.of(registry.registry(), Credentials.basic("carol", "tls-password")), log, duration -> { });
        Repository repository = registry.uniqueRepository("tls");
        TestImage image = TestImage.oci(1, 100);

        ImageReference pushed = image.push(client, repository, "v1");

        assertThat(client.getManifest(pushed).bytes()).isEqualTo(image.manifest().bytes());
        assertThat(log.exchanges()).allMatch(e -> e.uri().getScheme().equals("https"));
    }

    @Test
    void headManifest_untrustedCertificate_reportsTlsInsteadOfFallingBack() {
        HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(),
                SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT), duration -> { });
        ImageReference reference = ImageReference.parse(registry.uniqueRepository("tls") + ":v1");

        assertThatThrownBy(() -> client.headManifest(reference))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REGISTRY_TLS);
                    assertThat(e.isTransient()).as("a trust-store problem does not heal by retrying").isFalse();
                })
                .hasMessageStartingWith("check manifest " + reference + ": TLS with the registry failed (")
                .hasMessageEndingWith("; the certificate of " + registry.registry() + " is not trusted; add its CA to the trust store");
    }
}

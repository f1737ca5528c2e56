package dev.signet.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.PemKeys;
import dev.signet.policy.PolicyControllerTrustRoots;
import dev.signet.policy.TrustedRoots;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** policy-controller's keyless {@code ca-cert.secretRef}, read from a Secret's one data entry on the mock API server. */
class CaCertSecretsTest {
    private static final String REF = PolicyControllerTrustRoots.caCertSecretRef("cosign-system", "ca-cert-secret");

    private final MockKubernetes kube = new MockKubernetes();
    private final CaCertSecrets secrets = new CaCertSecrets(kube.client(), Duration.ofSeconds(5));
    private final List<String> changes = new CopyOnWriteArrayList<>();

    CaCertSecretsTest() {
        secrets.onChange(changes::add);
    }

    @AfterEach
    void close() {
        secrets.close();
        kube.close();
    }

    private static byte[] pem(List<X509Certificate> chain) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : chain) {
            text.append(PemKeys.encode("CERTIFICATE", certificate.getEncoded()));
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void find_oneEntry_servesItsCasWithThePublicGoodLogs_whateverTheEntrysName() throws Exception {
        TestSigstore sigstore = TestSigstore.create();
        kube.putSecret("cosign-system", "ca-cert-secret", SecretKeys.TYPE_OPAQUE, Map.of("any-name.pem", pem(sigstore.chain())));

        Optional<TrustedRoot> root = secrets.find(REF);

        assertThat(root).isPresent();
        assertThat(root.get().certificateAuthorities()).flatExtracting(TrustedRoot.CertificateAuthority::chain).containsAll(sigstore.chain());
        assertThat(root.get().tlogs()).hasSameSizeAs(TrustedRoot.production().tlogs());
        assertThat(root.get().name()).contains("cosign-system/ca-cert-secret");
    }

    @Test
    void find_missingSecret_isEmpty_severalEntries_orNoPem_sayWhy() throws Exception {
        assertThat(secrets.find(REF)).isEmpty();

        kube.putSecret("cosign-system", "two", SecretKeys.TYPE_OPAQUE, Map.of("a", pem(TestSigstore.create().chain()), "b", new byte[] {1}));
        kube.putSecret("cosign-system", "junk", SecretKeys.TYPE_OPAQUE, Map.of("ca", "not a certificate".getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> secrets.find(PolicyControllerTrustRoots.caCertSecretRef("cosign-system", "two")))
                .hasMessageContaining("read ca-cert secret cosign-system/two: it has 2 data entries, where policy-controller takes exactly one");
        assertThatThrownBy(() -> secrets.find(PolicyControllerTrustRoots.caCertSecretRef("cosign-system", "junk")))
                .hasMessageContaining("read ca-cert secret cosign-system/junk: entry ca is not usable PEM certificates");
    }

    @Test
    void changedSecret_isReadAgain_andListenersHearTheReference() throws Exception {
        TestSigstore first = TestSigstore.create();
        TestSigstore second = TestSigstore.create();
        kube.putSecret("cosign-system", "ca-cert-secret", SecretKeys.TYPE_OPAQUE, Map.of("ca", pem(first.chain())));
        assertThat(secrets.find(REF)).isPresent();

        kube.replaceData("cosign-system", "ca-cert-secret", Map.of("ca", pem(second.chain())));
        MockKubernetes.await("the update to be seen", () -> changes.contains(REF));

        assertThat(secrets.find(REF).orElseThrow().certificateAuthorities()).flatExtracting(TrustedRoot.CertificateAuthority::chain)
                .containsAll(second.chain()).doesNotContainAnyElementsOf(first.chain());
    }

    @Test
    void before_servesCaCertReferences_andPassesEveryOtherOn() {
        TrustedRoot production = TrustedRoot.production();
        TrustedRoots others = ref -> ref.equals("corp-root") ? Optional.of(production) : Optional.empty();

        TrustedRoots chained = secrets.before(others);

        assertThat(chained.find("corp-root")).containsSame(production);
        assertThat(chained.find(REF)).isEmpty();
    }
}

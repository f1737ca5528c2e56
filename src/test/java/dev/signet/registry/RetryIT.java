package dev.signet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.RetryPolicy;
import dev.signet.testing.FaultInjectingProxy.Fault;
import dev.signet.testing.FaultInjectingProxy;
import dev.signet.testing.LocalRegistry;
import dev.signet.testing.LocalRegistryExtension;
import dev.signet.testing.TestCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


/**
 * Retries over real HTTP: an HTTPS proxy in front of the real registry answers scripted 503s and 429s before it
 * forwards. The sleeper records waits instead of spending them.
 */
@ExtendWith(LocalRegistryExtension.class)
class RetryIT {
    private static final TestCertificate CERTIFICATE = TestCertificate.generate("signet test proxy");

    private final LocalRegistry registry;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private FaultInjectingProxy proxy;
    private HttpRegistryClient direct;
    private HttpRegistryClient viaProxy;

    RetryIT(LocalRegistry registry) {
        this.registry = registry;
    }

    @BeforeEach
    void start() {
        proxy = FaultInjectingProxy.to(URI.create("http://127.0.0.1:" + registry.port()), CERTIFICATE);
        direct = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(),
                SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT), duration -> { });
        viaProxy = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(),
                SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT, CERTIFICATE.trustingContext()), waits::add);
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    /** The same repository path, seen through the proxy. */
    private Repository viaProxy(Repository repository) {
        return Repository.of(proxy.registry(), repository.path());
    }

    private static Fault onManifests(int status, Map<String, String> headers) {
        return new Fault(request -> request.contains("/manifests/"), status, headers);
    }

    @Test
    void getManifest_503TwiceWithRetryAfter_waitsAsToldAndSucceeds() {
        Repository repository = registry.uniqueRepository("retry");
        TestImage image = TestImage.oci(1, 10);
        image.push(direct, repository, "v1");
        proxy.script(onManifests(503, Map.of("Retry-After", "1")), onManifests(503, Map.of("Retry-After", "2")));

        assertThat(viaProxy.getManifest(ImageReference.parse(viaProxy(repository) + ":v1")).bytes())
                .isEqualTo(image.manifest().bytes());
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(proxy.remainingFaults()).isZero();
    }

    @Test
    void headManifest_429WithLongRetryAfter_waitIsCapped() {
        Repository repository = registry.uniqueRepository("retry");
        TestImage.oci(1, 10).push(direct, repository, "v1");
        proxy.script(onManifests(429, Map.of("Retry-After", "3600")));

        assertThat(viaProxy.headManifest(ImageReference.parse(viaProxy(repository) + ":v1"))).isPresent();
        assertThat(waits).containsExactly(RetryPolicy.DEFAULT.backoffMax());
    }

    @Test
    void getManifest_503Persisting_givesUpTransientAfterBackoff() {
        ImageReference reference = ImageReference.parse(viaProxy(registry.uniqueRepository("down")) + ":v1");
        proxy.script(onManifests(503, Map.of()), onManifests(503, Map.of()), onManifests(503, Map.of()), onManifests(503, Map.of()));

        assertThatThrownBy(() -> viaProxy.getManifest(reference))
                .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REGISTRY_UNAVAILABLE);
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.status()).isEqualTo(503);
                })
                .hasMessage("fetch manifest " + reference + ": registry answered 503 with an empty body"
                        + "; the registry failed; gave up after 3 retries");
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void listTags_429Persisting_isTooManyRequests() {
        Repository repository = viaProxy(registry.uniqueRepository("limited"));
        for (int i = 0; i < 4; i++) {
            proxy.script(new Fault(request -> request.endsWith("/tags/list"), 429, Map.of()));
        }

        assertThatThrownBy(() -> viaProxy.listTags(repository))
                .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_REQUESTS))
                .hasMessageEndingWith("; the registry is rate limiting; gave up after 3 retries");
    }

    @Test
    void putBlob_relativeUploadLocation_isResolvedAgainstTheRequest() {
        proxy.relativeLocations();
        Repository repository = viaProxy(registry.uniqueRepository("relative"));
        TestImage image = TestImage.oci(1, 10);

        image.push(viaProxy, repository, "v1");

        assertThat(proxy.seen()).anyMatch(request -> request.startsWith("PUT /v2/" + repository.path() + "/blobs/uploads/"));
        assertThat(direct.getManifest(ImageReference.parse(registry.repository(repository.path()) + ":v1")).bytes())
                .isEqualTo(image.manifest().bytes());
    }

    @Test
    void headManifest_nothingListening_unavailableAfterRetries() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ImageReference reference = ImageReference.of(Repository.of(Registry.parse("127.0.0.1:" + closedPort), "app"),
                Tag.LATEST);
        HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(),
                SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT), waits::add);

        assertThatThrownBy(() -> client.headManifest(reference))
                .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.isTransient()).isTrue();
                })
                .hasMessageStartingWith("check manifest " + reference + ": registry did not answer (")
                .hasMessageEndingWith("; check that 127.0.0.1:" + closedPort + " is reachable");
        assertThat(waits).hasSize(3);
    }

    @Test
    void headManifest_registryNeverAnswering_timesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            ImageReference reference = ImageReference.of(Repository.of(Registry.parse("127.0.0.1:" + silent.getLocalPort()), "app"),
                    Tag.LATEST);
            RegistryOptions options = RegistryOptions.defaults().withRequestTimeout(Duration.ofMillis(300)).withRetry(RetryPolicy.NONE);
            HttpRegistryClient client = new HttpRegistryClient(options, CredentialProvider.anonymous(),
                    SocketTransport.create(options.requestTimeout()), waits::add);

            assertThatThrownBy(() -> client.headManifest(reference))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageStartingWith("check manifest " + reference + ": registry did not answer");
        }
    }
}

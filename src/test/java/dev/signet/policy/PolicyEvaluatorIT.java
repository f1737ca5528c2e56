package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.reference.ImageReference;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.RequestLog;
import dev.signet.registry.transport.Sleeper;
import dev.signet.testing.FaultInjectingProxy;
import dev.signet.testing.LocalRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PolicyEvaluatorScenarios} against the real CNCF distribution registry, over HTTP with every request logged,
 * plus the faults only a real connection has: an unreachable registry, a silent one, an outage of 503s.
 */
class PolicyEvaluatorIT extends PolicyEvaluatorScenarios {
    private static LocalRegistry registry;
    private static RequestLog wire;
    private static HttpRegistryClient client;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.anonymous();
        wire = new RequestLog(SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT));
        client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(), wire, Sleeper.system());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Override
    protected RegistryClient client() {
        return client;
    }

    @Override
    protected Repository uniqueRepository(String name) {
        return registry.uniqueRepository(name);
    }

    @Override
    protected List<String> requests(Repository repository) {
        return wire.exchanges().stream().filter(exchange -> exchange.uri().getPath().startsWith("/v2/" + repository.path() + "/"))
                .map(exchange -> exchange.method() + " " + exchange.kind().name().toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    protected void clearRequests() {
        if (wire != null) {
            wire.clear();
        }
    }

    @Test
    void cache_errorsAreNotCached() {
        Repository repository = registry.uniqueRepository("no-cache-errors");
        ImageReference image = push(repository, "v1");
        sign(image, ALICE);
        PolicySet policies = policies(policy("errors", "Enforce", "Fail", "*/" + repository.path() + "*", keyRefs("", "k8s://signing/alice"), ""));
        PolicyEvaluator unreachable = evaluator(new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(),
                SocketTransport.create(Duration.ofSeconds(1)), Sleeper.system()));
        ImageReference elsewhere = ImageReference.of(new Repository(new Registry("127.0.0.1:" + closedPort()), repository.path()), image.digest().orElseThrow());
        assertThat(admit(unreachable, policies, BUDGET, elsewhere.toString()).findings().get(0).result()).isEqualTo(RuleStatus.ERROR);

        assertThat(cache.size()).as("the error was not kept").isZero();
        assertThat(admit(policies, image.toString()).allowed()).isTrue();
    }

    @Test
    void fault_registryUnreachable_errorDeniesUnderFailAllowsWithWarningUnderIgnore() {
        Repository repository = new Repository(new Registry("127.0.0.1:" + closedPort()), "gone/app");
        String attestors = keyRefs("", "k8s://signing/alice");
        long start = System.nanoTime();

        Verdict fail = admit(policies(policy("fail", "Enforce", "Fail", repository, attestors, "")), repository + ":v1");
        Verdict ignore = admit(policies(policy("ignore", "Enforce", "Ignore", repository, attestors, "")), repository + ":v1");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET.multipliedBy(2));
        assertThat(fail.allowed()).isFalse();
        assertThat(fail.findings()).singleElement().extracting(ImageFinding::result).isEqualTo(RuleStatus.ERROR);
        assertThat(ignore.allowed()).isTrue();
        assertThat(ignore.warnings()).singleElement().asString().contains("policy ignore").contains(repository + ":v1");
    }

    @Test
    void fault_registrySlowerThanTheBudget_isAnErrorWithinTheBudget() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // accept and never answer
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Repository repository = new Repository(new Registry("127.0.0.1:" + silent.getLocalPort()), "slow/app");
            PolicySet policies = policies(policy("slow", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), ""));
            Duration budget = Duration.ofMillis(800);
            long start = System.nanoTime();

            Verdict verdict = admit(evaluator(client), policies, budget, repository + ":v1");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(budget.plusMillis(500));
            assertThat(verdict.allowed()).isFalse();
            assertThat(verdict.message()).contains("verification did not finish within 800 ms");
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fault_registryAnswers503_isAnErrorThatDeniesUnderFail_withinTheBudget() {
        Repository real = registry.uniqueRepository("faults-503");
        ImageReference image = push(real, "v1");
        sign(image, ALICE);
        try (FaultInjectingProxy proxy = FaultInjectingProxy.to(registry.apiRoot())) {
            FaultInjectingProxy.Fault[] outage = new FaultInjectingProxy.Fault[200];
            Arrays.fill(outage, FaultInjectingProxy.Fault.any(503, Map.of()));
            proxy.script(outage);
            Repository viaProxy = new Repository(proxy.registry(), real.path());
            PolicySet policies = policies(policy("outage", "Enforce", "Fail", viaProxy, keyRefs("", "k8s://signing/alice"), ""));
            long start = System.nanoTime();

            Verdict verdict = admit(policies, viaProxy + ":v1");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET.plusSeconds(1));
            assertThat(verdict.allowed()).isFalse();
            assertThat(verdict.findings()).singleElement().satisfies(finding -> {
                assertThat(finding.result()).isEqualTo(RuleStatus.ERROR);
                assertThat(finding.message()).contains("policy outage").contains("503");
            });
            assertThat(cache.size()).as("an outage is not remembered").isZero();
        }
    }
}

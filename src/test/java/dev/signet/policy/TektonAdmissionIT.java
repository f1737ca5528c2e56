package dev.signet.policy;

import dev.signet.reference.Repository;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.Sleeper;
import dev.signet.testing.LocalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link TektonAdmissionScenarios} against the real CNCF distribution registry on loopback. */
class TektonAdmissionIT extends TektonAdmissionScenarios {
    private static LocalRegistry registry;
    private static HttpRegistryClient client;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.anonymous();
        client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(), SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT),
                Sleeper.system());
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
        return registry.uniqueRepository(name.replace('/', '-'));
    }
}

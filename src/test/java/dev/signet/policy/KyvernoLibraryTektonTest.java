package dev.signet.policy;

import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.registry.RegistryClient;
import dev.signet.testing.FakeRegistryClient;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link TektonAdmissionScenarios} against the in-memory registry. */
class KyvernoLibraryTektonTest extends TektonAdmissionScenarios {
    private static final FakeRegistryClient REGISTRY = new FakeRegistryClient();
    private static final AtomicInteger NEXT = new AtomicInteger();

    @Override
    protected RegistryClient client() {
        return REGISTRY;
    }

    @Override
    protected Repository uniqueRepository(String name) {
        return new Repository(new Registry("registry.example"), name + "-" + NEXT.incrementAndGet());
    }
}

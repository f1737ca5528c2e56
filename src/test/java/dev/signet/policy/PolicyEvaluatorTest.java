package dev.signet.policy;

import dev.signet.reference.Repository;
import dev.signet.registry.RegistryClient;
import dev.signet.testing.FakeRegistryClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link PolicyEvaluatorScenarios} on the in-memory registry: the verdict table and every registry-independent scenario
 * run without the registry binary, in the unit test phase.
 */
class PolicyEvaluatorTest extends PolicyEvaluatorScenarios {
    private static final FakeRegistryClient REGISTRY = new FakeRegistryClient();
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    @Override
    protected RegistryClient client() {
        return REGISTRY;
    }

    @Override
    protected Repository uniqueRepository(String name) {
        return Repository.parse("registry.test/" + name + "-" + REPOSITORIES.incrementAndGet());
    }

    @Override
    protected List<String> requests(Repository repository) {
        return REGISTRY.requests(repository);
    }

    @Override
    protected void clearRequests() {
        REGISTRY.resetCalls();
    }
}

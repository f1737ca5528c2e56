package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.SignatureLayout;
import dev.signet.testing.FakeRegistryClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

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

    @Test
    void evaluate_registryStallingPastTheBudget_stopsTheVerificationAtItsDeadline() throws Exception {
        Repository repository = uniqueRepository("stalling");
        ImageReference image = push(repository, "v1");
        sign(image, ALICE);
        PolicySet policies = policies(policy("stalling", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), ""));
        clearRequests();
        CountDownLatch stalled = new CountDownLatch(1);
        // the .sig manifest answers after 400 ms; the admission stops waiting at 100 ms
        REGISTRY.beforeCall("findManifest", reference -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stalled.countDown();
        });
        try {
            Verdict verdict = admit(evaluator(REGISTRY), policies, Duration.ofMillis(100), image.toString());

            assertThat(verdict.allowed()).isFalse();
            assertThat(verdict.message()).contains("verification did not finish within 100 ms");
            assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
        } finally {
            REGISTRY.beforeCall("findManifest", reference -> { });
        }
        // the work stopped at its deadline: the layer behind the manifest was never fetched, and no outcome was kept
        assertThat(requests(repository)).contains("GET manifest").doesNotContain("GET blob");
        assertThat(cache.size()).isZero();
    }

    @Test
    void evaluate_imagesSignedAsTheirRepositoryIsUsually_readOnlyThatLayout_othersStillPass() {
        Repository repository = uniqueRepository("hinted");
        PolicySet policies = policies(policy("hinted", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), ""));
        ImageReference first = push(repository, "first");
        ImageReference second = push(repository, "second");
        ImageReference bundled = push(repository, "bundled");
        ImageReference bundledToo = push(repository, "bundled-too");
        ImageReference unsigned = push(repository, "unsigned");
        sign(first, ALICE);
        sign(second, ALICE);
        sign(bundled, ALICE, SignatureLayout.BUNDLE);
        sign(bundledToo, ALICE, SignatureLayout.BUNDLE);
        PolicyEvaluator evaluator = evaluator(REGISTRY); // what it learns is kept per evaluator, as the app keeps one

        // nothing known of the repository yet: both layouts, side by side
        clearRequests();
        assertThat(admit(evaluator, policies, BUDGET, first.toString()).allowed()).isTrue();
        assertThat(requests(repository)).contains("GET referrers", "GET manifest", "GET blob");
        // its images are .sig-signed: the referrers lookup is skipped
        clearRequests();
        assertThat(admit(evaluator, policies, BUDGET, second.toString()).allowed()).isTrue();
        assertThat(requests(repository)).containsExactlyInAnyOrder("GET manifest", "GET blob");
        // a bundle-signed image still passes: the .sig lookup found nothing that satisfied, so the bundles were read
        clearRequests();
        assertThat(admit(evaluator, policies, BUDGET, bundled.toString()).allowed()).isTrue();
        assertThat(requests(repository)).contains("GET referrers");
        // and now the bundles are read first: no .sig lookup beside the bundle's manifest
        clearRequests();
        assertThat(admit(evaluator, policies, BUDGET, bundledToo.toString()).allowed()).isTrue();
        assertThat(requests(repository)).containsExactlyInAnyOrder("GET referrers", "GET manifest", "GET blob");
        // an unsigned image is read in both layouts, one after the other, and denied
        clearRequests();
        Verdict denied = admit(evaluator, policies, BUDGET, unsigned.toString());
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.message()).endsWith("no signatures found");
        assertThat(requests(repository)).contains("GET referrers", "GET manifest");
    }

    @Test
    void evaluate_rulesNeedingSignaturesOfBothLayouts_keepReadingBothSideBySide() {
        Repository repository = uniqueRepository("both-needed");
        PolicySet policies = policies(policy("both", "Enforce", "Fail", repository, keyRefs("2", "k8s://signing/alice", "k8s://signing/bob"), ""));
        ImageReference first = push(repository, "first");
        ImageReference second = push(repository, "second");
        for (ImageReference image : List.of(first, second)) {
            sign(image, ALICE, SignatureLayout.LEGACY);
            sign(image, BOB, SignatureLayout.BUNDLE);
        }
        PolicyEvaluator evaluator = evaluator(REGISTRY);

        assertThat(admit(evaluator, policies, BUDGET, first.toString()).allowed()).isTrue();
        // neither layout alone satisfied the rule, so nothing is learnt: the next image is read in both at once again
        clearRequests();
        assertThat(admit(evaluator, policies, BUDGET, second.toString()).allowed()).isTrue();
        assertThat(requests(repository)).contains("GET referrers", "GET manifest", "GET blob");
    }
}

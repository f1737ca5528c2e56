package dev.signet.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.policy.AdmissionSubject;
import dev.signet.policy.FailurePolicy;
import dev.signet.policy.ImageFinding;
import dev.signet.policy.PodSpecs;
import dev.signet.policy.PolicyDocuments;
import dev.signet.policy.PolicyEvaluator;
import dev.signet.policy.PolicyRepository;
import dev.signet.policy.RuleStatus;
import dev.signet.policy.Verdict;
import dev.signet.policy.VerdictCache;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.PublicKeys;
import dev.signet.verification.SignatureFetcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 10: the verification pool's queue is bounded, so when slow registries hold every thread and the queue
 * is full, an admission is answered "overloaded" at once (an error under its failure policy) instead of waiting for
 * its whole budget behind them. Executors.newFixedThreadPool, used before, queued without bound: the answer never came.
 */
class VerificationPoolTest {
    private final ThreadPoolExecutor pool = PolicyWiring.boundedPool(2, 4);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
    }

    private void occupy(int tasks) {
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    @Test
    void saturatedPool_refusesMoreWork() {
        occupy(6);
        assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void saturatedPool_answersOverloaded_atOnce_notAfterTheBudget() {
        occupy(6);
        PolicyRepository repository = new PolicyRepository();
        repository.put("p", PolicyDocuments.read("""
                apiVersion: signet.dev/v1alpha1
                kind: ClusterImagePolicy
                metadata: {name: p}
                spec:
                  verifyImages:
                  - imageReferences: ["registry.test/*"]
                    attestors:
                    - entries:
                      - keys: {publicKeys: "k8s://signing/key"}
                """, "p.yaml").get(0), "p.yaml");
        PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(new FakeRegistryClient(), pool), new PublicKeys(Map.of()),
                new VerdictCache(Duration.ofMinutes(1), 100), pool, FailurePolicy.FAIL);

        long start = System.nanoTime();
        Verdict verdict = evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage("registry.test/app:v1", "c", "/spec/containers/0/image")),
                repository.current(), Duration.ofSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).extracting(ImageFinding::result).containsExactly(RuleStatus.ERROR);
        assertThat(verdict.findings().get(0).cause()).isEqualTo("the verifier is overloaded; retry");
        assertThat(took).as("answered without waiting for the 5 s budget").isLessThan(Duration.ofSeconds(2));
    }
}

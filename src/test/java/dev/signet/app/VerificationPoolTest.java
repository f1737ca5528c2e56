package dev.signet.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.SigningKey;
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
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.PublicKeys;
import dev.signet.verification.RegistryLanes;
import dev.signet.verification.SignatureFetcher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    private final ThreadPoolExecutor pool = PolicyWiring.boundedPool(4, 8);
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
        occupy(12);
        assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void saturatedPool_answersOverloaded_atOnce_notAfterTheBudget() {
        occupy(12);
        PolicyRepository repository = policies("registry.test/*");
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

    @Test
    void floodOfPodsNamingAStalledRegistry_leavesThreadsForImagesOnHealthyRegistries() throws Exception {
        FakeRegistryClient registry = new FakeRegistryClient();
        SigningKey key = SigningKey.generate("key");
        ImageSigner signer = new ImageSigner(registry, Clock.systemUTC());
        Repository stalled = Repository.parse("stalled.test/app");
        Repository healthy = Repository.parse("healthy.test/app");
        List<ImageReference> images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            images.add(ImageReference.of(stalled, registry.pushRandomImage(stalled, "v" + i).digest()));
        }
        ImageReference healthyImage = ImageReference.of(healthy, registry.pushRandomImage(healthy, "v1").digest());
        for (ImageReference image : images) {
            signer.sign(SigningRequest.of(image, key));
        }
        signer.sign(SigningRequest.of(healthyImage, key));
        // the stalled registry answers no manifest until the test ends
        registry.beforeCall("findManifest", reference -> {
            if (reference.registry().equals(stalled.registry())) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        PolicyRepository repository = policies("*");
        // the pool's four threads; a registry starts with two
        RegistryLanes lanes = new RegistryLanes(pool, pool, 2, 100, 100, Duration.ofSeconds(1), System::nanoTime);
        PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, lanes), new PublicKeys(Map.of("k8s://signing/key",
                key.verificationKey())), new VerdictCache(Duration.ofMinutes(1), 100), lanes, FailurePolicy.FAIL);
        ExecutorService admissions = Executors.newFixedThreadPool(images.size());
        try {
            for (ImageReference image : images) {
                admissions.execute(() -> admit(evaluator, repository, image, Duration.ofSeconds(30)));
            }
            while (lanes.running(stalled.registry()) < 2) {
                Thread.sleep(10);
            }

            Verdict verdict = admit(evaluator, repository, healthyImage, Duration.ofSeconds(10));

            // with one pool for all registries, the stalled registry's six verifications held its four threads: error
            assertThat(verdict.allowed()).as(verdict.message()).isTrue();
            assertThat(lanes.running(stalled.registry())).isEqualTo(2);
        } finally {
            release.countDown();
            admissions.shutdownNow();
        }
    }

    /** One policy over {@code glob} whose one attestor is the key {@code k8s://signing/key}. */
    private static PolicyRepository policies(String glob) {
        PolicyRepository repository = new PolicyRepository();
        repository.put("p", PolicyDocuments.read("""
                apiVersion: signet.dev/v1alpha1
                kind: SignetClusterImagePolicy
                metadata: {name: p}
                spec:
                  verifyImages:
                  - imageReferences: ["GLOB"]
                    attestors:
                    - entries:
                      - keys: {publicKeys: "k8s://signing/key"}
                """.replace("GLOB", glob), "p.yaml").get(0), "p.yaml");
        return repository;
    }

    private static Verdict admit(PolicyEvaluator evaluator, PolicyRepository policies, ImageReference image, Duration budget) {
        return evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(image.toString(), "c", "/spec/containers/0/image")), policies.current(), budget);
    }
}

package dev.signet.policy;

import static dev.signet.policy.PolicyEvaluatorScenarios.keyRefs;
import static dev.signet.policy.PolicyEvaluatorScenarios.policies;
import static dev.signet.policy.PolicyEvaluatorScenarios.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.keys.SigningKey;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.PublicKeys;
import dev.signet.verification.SignatureFetcher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tag path through the evaluator: concurrent admissions of one tag share a HEAD, and the mutating webhook reuses
 * a resolution for the TTL only where it pins the digest it judged; everywhere else a tag is read afresh.
 */
class PolicyEvaluatorTagPathTest {
    private static final SigningKey ALICE = SigningKey.generate("alice");
    private static final Duration TTL = Duration.ofSeconds(1);
    private static final Duration BUDGET = Duration.ofSeconds(5);
    private static final AdmissionSubject POD = new AdmissionSubject("Pod", "default", Map.of());

    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final Repository repository = Repository.parse("registry.test/tag-path/app");
    private final ImageReference tag = ImageReference.of(repository, Tag.parse("v1"));
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final PolicyEvaluator evaluator = evaluator(TTL);
    private final PolicySet enforced = policies(policy("pins", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), ""));

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private PolicyEvaluator evaluator(Duration ttl) {
        return new PolicyEvaluator(new SignatureFetcher(registry, executor), new PublicKeys(Map.of("k8s://signing/alice", ALICE.verificationKey())),
                new VerdictCache(Duration.ofMinutes(10), 1_000), executor, FailurePolicy.FAIL, ttl, ticker);
    }

    private Digest push(boolean signed) {
        Digest digest = registry.pushRandomImage(repository, "v1").digest();
        if (signed) {
            new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(tag.withDigest(digest), ALICE)
                    .withLayouts(EnumSet.of(SignatureLayout.LEGACY)));
        }
        registry.resetCalls();
        return digest;
    }

    private Verdict admit(PolicyEvaluator with, PolicySet policies, AdmissionPhase phase) {
        return with.evaluate(POD, List.of(new PodSpecs.ContainerImage(tag.toString(), "app", "/spec/containers/0/image")), policies, BUDGET, phase);
    }

    private int heads() {
        return registry.calls("headManifest");
    }

    private static Verdict.JsonPatchOperation pin(ImageReference tag, Digest digest) {
        return new Verdict.JsonPatchOperation("replace", "/spec/containers/0/image", tag + "@" + digest);
    }

    private static List<Optional<Digest>> judged(Verdict verdict) {
        return verdict.findings().stream().map(ImageFinding::digest).toList();
    }

    @Test
    void mutating_tagMovedWithinTheTtl_pinsTheDigestItJudged() {
        Digest first = push(true);
        assertThat(admit(evaluator, enforced, AdmissionPhase.MUTATING).patch()).containsExactly(pin(tag, first));
        Digest moved = push(true);
        nanos.addAndGet(TTL.toNanos() - 1);

        Verdict reused = admit(evaluator, enforced, AdmissionPhase.MUTATING);

        assertThat(reused.allowed()).isTrue();
        assertThat(reused.patch()).as("the pod runs what was judged").containsExactly(pin(tag, first));
        assertThat(judged(reused)).containsOnly(Optional.of(first));
        assertThat(heads()).as("no HEAD within the TTL").isZero();

        nanos.addAndGet(1);
        Verdict expired = admit(evaluator, enforced, AdmissionPhase.MUTATING);

        assertThat(expired.patch()).containsExactly(pin(tag, moved));
        assertThat(judged(expired)).containsOnly(Optional.of(moved));
        assertThat(heads()).isEqualTo(1);
    }

    @Test
    void mutating_reusedDigestNotPinned_isResolvedAfresh() {
        Digest unsigned = push(false);
        Verdict denied = admit(evaluator, enforced, AdmissionPhase.MUTATING);
        assertThat(denied.allowed()).isFalse();
        assertThat(judged(denied)).containsOnly(Optional.of(unsigned));
        Digest fixed = push(true);

        Verdict allowed = admit(evaluator, enforced, AdmissionPhase.MUTATING);

        assertThat(allowed.allowed()).as("a denial never rests on a reused resolution").isTrue();
        assertThat(allowed.patch()).containsExactly(pin(tag, fixed));
        assertThat(judged(allowed)).containsOnly(Optional.of(fixed));
        assertThat(heads()).as("the reused answer, then one HEAD").isEqualTo(1);
    }

    @Test
    void validating_tagOnlyImage_isReadAfreshEveryTime() {
        Digest first = push(true);
        assertThat(admit(evaluator, enforced, AdmissionPhase.VALIDATING).allowed()).isTrue();
        assertThat(admit(evaluator, enforced, AdmissionPhase.MUTATING).patch()).containsExactly(pin(tag, first));
        Digest moved = push(false);

        Verdict verdict = admit(evaluator, enforced, AdmissionPhase.VALIDATING);

        assertThat(verdict.allowed()).as("the validating webhook judges what the tag names now").isFalse();
        assertThat(judged(verdict)).containsOnly(Optional.of(moved));
        assertThat(verdict.patch()).isEmpty();
        assertThat(heads()).isEqualTo(1);
    }

    @Test
    void mutating_ruleThatDoesNotPin_isReadAfreshEveryTime() {
        push(true);
        PolicySet audit = policies(policy("audit", "Audit", "Fail", repository, keyRefs("", "k8s://signing/alice"), ""));
        PolicySet unpinned = policies(policy("no-mutate", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), "    mutateDigest: false\n"));

        for (int i = 0; i < 2; i++) {
            assertThat(admit(evaluator, audit, AdmissionPhase.MUTATING).patch()).isEmpty();
            assertThat(admit(evaluator, unpinned, AdmissionPhase.MUTATING).patch()).isEmpty();
        }

        assertThat(heads()).isEqualTo(4);
    }

    @Test
    void ciGate_neverReusesAResolution() {
        push(true);
        assertThat(admit(evaluator, enforced, AdmissionPhase.MUTATING).allowed()).isTrue();

        for (int i = 0; i < 2; i++) {
            assertThat(evaluator.evaluateImage(tag.toString(), enforced, Optional.empty(), BUDGET).allowed()).isTrue();
        }

        assertThat(heads()).as("the gate answers for the tag as it is now, and patches nothing").isEqualTo(3);
    }

    @Test
    void concurrentAdmissionsOfOneTag_shareOneHead_withoutATtl() throws Exception {
        Digest digest = push(true);
        PolicyEvaluator singleFlightOnly = evaluator(Duration.ZERO);
        assertThat(admit(singleFlightOnly, enforced, AdmissionPhase.VALIDATING).allowed()).isTrue(); // the verdict is cached
        registry.resetCalls();
        CountDownLatch release = new CountDownLatch(1);
        registry.beforeCall("headManifest", reference -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Thread> admitting = new CopyOnWriteArrayList<>();
        ExecutorService admissions = Executors.newFixedThreadPool(12, runnable -> {
            Thread thread = new Thread(runnable);
            admitting.add(thread);
            return thread;
        });
        try {
            List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                AdmissionPhase phase = i % 2 == 0 ? AdmissionPhase.MUTATING : AdmissionPhase.VALIDATING;
                verdicts.add(CompletableFuture.supplyAsync(() -> admit(singleFlightOnly, enforced, phase), admissions));
            }
            // every admission has asked for the tag and waits for its verdict (or has its own HEAD, which this test would count)
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((admitting.size() < 12 || !admitting.stream().allMatch(thread -> thread.getState() == Thread.State.TIMED_WAITING))
                    && System.nanoTime() < giveUp) {
                Thread.sleep(5);
            }
            release.countDown();

            for (CompletableFuture<Verdict> verdict : verdicts) {
                assertThat(judged(verdict.get(10, TimeUnit.SECONDS))).containsOnly(Optional.of(digest));
            }
            assertThat(heads()).isEqualTo(1);
        } finally {
            admissions.shutdownNow();
        }
    }
}

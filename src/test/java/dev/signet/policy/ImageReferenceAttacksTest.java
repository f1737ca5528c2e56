package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.signet.json.Json;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.Images;
import dev.signet.verification.SignatureFetcher;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Image references written to slip past a rule (issue 13, items 3, 4 and 6): a tag beside a digest, host spellings,
 * local image IDs, digests Signet cannot read, and images mounted as volumes. Each unsigned image must be denied by an
 * enforcing rule that covers the pod, on the in-memory registry.
 */
class ImageReferenceAttacksTest {
    private static final FakeRegistryClient REGISTRY = new FakeRegistryClient();
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();
    private static final String ALICE = PolicyEvaluatorScenarios.keyRefs("", "k8s://signing/alice");
    private static ExecutorService executor;

    @BeforeAll
    static void startExecutor() {
        executor = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stopExecutor() {
        executor.shutdownNow();
    }

    private static Repository repository(String name) {
        return Repository.parse("registry.test/" + name + "-" + REPOSITORIES.incrementAndGet());
    }

    private static Digest pushUnsigned(Repository repository, String tag) {
        RawManifest manifest = Images.pushRandom(REGISTRY, repository, tag);
        return manifest.digest();
    }

    /** An evaluator whose default failure policy is Ignore, so that only a rule's own judgement can deny. */
    private static PolicyEvaluator evaluator() {
        VerdictCache cache = new VerdictCache(Duration.ofMinutes(10), 1_000);
        return new PolicyEvaluator(new SignatureFetcher(REGISTRY, executor), PolicyEvaluatorScenarios.SECRETS, cache, executor,
                FailurePolicy.IGNORE);
    }

    private static PolicySet enforce(Repository repository, String extra) {
        return PolicyEvaluatorScenarios.policies(PolicyEvaluatorScenarios.policy("refs", "Enforce", "Ignore", repository, ALICE, extra));
    }

    private static Verdict admit(PolicySet policies, String... images) {
        return PolicyEvaluatorScenarios.admit(evaluator(), policies, Duration.ofSeconds(5), images);
    }

    @Test
    void skipImageReferences_skipForATag_doesNotSkipAnotherDigestWrittenBesideIt() {
        Repository repository = repository("skip-tag");
        Digest unsigned = pushUnsigned(repository, "v1");
        PolicySet policies = enforce(repository, "    skipImageReferences: [\"" + repository + ":dev\"]\n");

        Verdict disguised = admit(policies, repository + ":dev@" + unsigned);
        Verdict tagged = admit(policies, repository + ":dev");

        assertThat(disguised.allowed()).as("the digest is what runs; the tag beside it is not evidence").isFalse();
        assertThat(disguised.message()).contains("no signatures found");
        assertThat(tagged.allowed()).as("the skip still applies to the tag itself").isTrue();
        assertThat(tagged.findings()).singleElement().extracting(ImageFinding::result).isEqualTo(RuleStatus.SKIP);
    }

    @Test
    void imageReferences_tagBesideADigest_stillCoversTheImage() {
        // coverage may count the tag: it only adds a check, so "app:prod@sha256:.." is verified by a rule for "app:prod"
        Repository repository = repository("cover-tag");
        Digest unsigned = pushUnsigned(repository, "prod");
        PolicySet policies = PolicyEvaluatorScenarios.policies(
                PolicyEvaluatorScenarios.policy("tagged", "Enforce", "Ignore", repository + ":prod", ALICE, ""));

        assertThat(admit(policies, repository + ":prod@" + unsigned).allowed()).isFalse();
    }

    @Test
    void hostSpelling_capitalsOrADefaultPort_isCoveredByTheRuleForTheHost() {
        Repository repository = repository("hosts");
        Digest unsigned = pushUnsigned(repository, "v1");
        PolicySet policies = enforce(repository, "");
        String path = repository.path();

        assertThat(admit(policies, "REGISTRY.TEST/" + path + ":v1").allowed()).as("capitals").isFalse();
        assertThat(admit(policies, "registry.test:443/" + path + ":v1").allowed()).as(":443").isFalse();
        assertThat(admit(policies, "Registry.Test:00443/" + path + "@" + unsigned).allowed()).as(":00443").isFalse();
        assertThat(admit(policies, "registry.test:80/" + path + "@" + unsigned).allowed()).as(":80").isFalse();
    }

    @Test
    void hostSpelling_inThePolicy_isNormalisedToo() {
        Repository repository = repository("policy-host");
        pushUnsigned(repository, "v1");
        PolicySet policies = PolicyEvaluatorScenarios.policies(PolicyEvaluatorScenarios.policy("upper", "Enforce", "Ignore",
                "REGISTRY.TEST:443/" + repository.path() + "*", ALICE, ""));

        assertThat(admit(policies, repository + ":v1").allowed()).isFalse();
    }

    @Test
    void imageVolume_unsignedImage_isDenied() throws JsonProcessingException {
        Repository repository = repository("volume");
        Digest unsigned = pushUnsigned(repository, "data");

        Verdict verdict = admitVolume(enforce(repository, ""), repository + ":data");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.pointer()).isEqualTo("/spec/volumes/0/image/reference");
            assertThat(finding.digest()).contains(unsigned);
        });
    }

    @Test
    void imageVolume_signedImage_isPinnedInPlace() throws JsonProcessingException {
        Repository repository = repository("volume-signed");
        Digest signed = pushUnsigned(repository, "data");
        new ImageSigner(REGISTRY, Clock.systemUTC()).sign(SigningRequest.of(ImageReference.of(repository, signed), PolicyEvaluatorScenarios.ALICE)
                .withLayouts(EnumSet.of(SignatureLayout.LEGACY)));

        Verdict verdict = admitVolume(enforce(repository, ""), repository + ":data");

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.patch()).containsExactly(new Verdict.JsonPatchOperation("replace", "/spec/volumes/0/image/reference",
                repository + ":data@" + signed));
    }

    private static Verdict admitVolume(PolicySet policies, String reference) throws JsonProcessingException {
        String pod = "{\"spec\": {\"containers\": [], \"volumes\": [{\"name\": \"data\", \"image\": {\"reference\": \"" + reference + "\"}}]}}";
        List<PodSpecs.ContainerImage> images = PodSpecs.images("Pod", Json.mapper().readTree(pod));
        return evaluator().evaluate(new AdmissionSubject("Pod", "default", Map.of()), images, policies, Duration.ofSeconds(5));
    }
}

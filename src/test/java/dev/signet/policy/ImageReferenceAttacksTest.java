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
    void localImageId_underAnEnforcingRule_isDenied() {
        // containerd runs "sha256:<hex>", or any unique prefix of it, as a local image: no registry, no signature
        Repository repository = repository("local-id");
        PolicySet policies = enforce(repository, "");
        String id = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        Verdict full = admit(policies, id);
        Verdict prefix = admit(policies, "sha256:e3b0c4");

        assertThat(full.allowed()).isFalse();
        assertThat(full.message()).contains("names a local image by its ID");
        assertThat(prefix.allowed()).isFalse();
    }

    @Test
    void localImageId_withNoRuleForThePod_isOutOfScopeWithTheReason() {
        Verdict verdict = admit(PolicySet.empty(), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.SKIP);
            assertThat(finding.cause()).contains("names a local image by its ID").contains("no policy rule applies");
        });
    }

    @Test
    void unreadableReference_underAnEnforcingRule_isDenied_evenWhenErrorsAreIgnored() {
        Repository repository = repository("unreadable");
        PolicySet policies = enforce(repository, "");

        Verdict sha384 = admit(policies, repository + "@sha384:" + "ab".repeat(48));
        Verdict junk = admit(policies, "UPPER/Case::bad");

        assertThat(sha384.allowed()).isFalse();
        assertThat(sha384.message()).contains("unsupported digest algorithm \"sha384\"");
        assertThat(junk.allowed()).isFalse();
    }

    @Test
    void sha512Digest_underAnEnforcingRule_isDenied_notIgnoredAsAnError() {
        // cosign's tag for it, sha512-<128 hex>.sig, is longer than a tag may be: no signature can name this digest
        Repository repository = repository("sha512");
        Verdict verdict = admit(enforce(repository, ""), repository + "@sha512:" + "cd".repeat(64));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().extracting(ImageFinding::result).isEqualTo(RuleStatus.FAIL);
        assertThat(verdict.message()).contains("sha512 digest, and cosign signatures name sha256 digests only");
    }

    @Test
    void unreadableReference_underAnAuditRule_warns() {
        Repository repository = repository("unreadable-audit");
        PolicySet policies = PolicyEvaluatorScenarios.policies(PolicyEvaluatorScenarios.policy("audit", "Audit", "Ignore", repository, ALICE, ""));

        Verdict verdict = admit(policies, repository + "@sha384:" + "ab".repeat(48));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).singleElement().asString().contains("unsupported digest algorithm");
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

package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Reason;
import dev.signet.json.Json;
import dev.signet.keys.KeyException;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureTags;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.Images;
import dev.signet.testing.PublicKeys;
import dev.signet.verification.SignatureFetcher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Policy evaluation scenarios that hold whatever the registry: the verdict table, N-of-M and nested attestor sets, the
 * attacks issue 5 names, the cache, single-flight and pre-warming, with real signatures made by Signet's signer.
 * {@link PolicyEvaluatorTest} runs them on the in-memory registry (no binary needed), {@link PolicyEvaluatorIT} on
 * the real CNCF distribution registry, where the faults are tested too.
 */
abstract class PolicyEvaluatorScenarios {
    protected static final SigningKey ALICE = SigningKey.generate("alice");
    protected static final SigningKey BOB = SigningKey.generate("bob");
    protected static final SigningKey CAROL = SigningKey.generate("carol");
    protected static final Duration BUDGET = Duration.ofSeconds(5);
    protected static ExecutorService executor;
    protected VerdictCache cache;

    /** Secrets by reference, as the Kubernetes key provider would read them; anything else is not found. */
    protected static final KeyProvider SECRETS = new PublicKeys(Map.of("k8s://signing/alice", ALICE.verificationKey(),
            "k8s://signing/bob", BOB.verificationKey(), "k8s://signing/carol", CAROL.verificationKey()));

    /** The registry the scenarios push to, sign in and verify from. */
    protected abstract RegistryClient client();

    /** A repository no other test uses. */
    protected abstract Repository uniqueRepository(String name);

    /**
     * The requests made for one repository since {@link #clearRequests()}, as {@code METHOD kind} ({@code GET blob},
     * {@code HEAD manifest}): a test that leaves a request behind cannot disturb another's counts.
     */
    protected abstract List<String> requests(Repository repository);

    protected abstract void clearRequests();

    protected static boolean isBlob(String request) {
        return request.endsWith(" blob");
    }

    @BeforeAll
    static void startExecutor() {
        executor = Executors.newFixedThreadPool(8);
    }

    @AfterAll
    static void stopExecutor() {
        executor.shutdownNow();
    }

    @BeforeEach
    void freshCache() {
        cache = new VerdictCache(Duration.ofMinutes(10), 10_000);
        clearRequests();
    }

    protected PolicyEvaluator evaluator(RegistryClient registryClient) {
        return new PolicyEvaluator(new SignatureFetcher(registryClient, executor), SECRETS, cache, executor, FailurePolicy.FAIL);
    }

    protected Verdict admit(PolicySet policies, String... images) {
        return admit(evaluator(client()), policies, BUDGET, images);
    }

    protected static Verdict admit(PolicyEvaluator evaluator, PolicySet policies, Duration budget, String... images) {
        return evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()), containers(images), policies, budget);
    }

    /** An admission as one of the two webhooks asks it. */
    protected Verdict admitAt(AdmissionPhase phase, PolicySet policies, String... images) {
        return evaluator(client()).evaluate(new AdmissionSubject("Pod", "default", Map.of()), containers(images), policies, BUDGET, phase);
    }

    private static List<PodSpecs.ContainerImage> containers(String... images) {
        List<PodSpecs.ContainerImage> containers = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            containers.add(new PodSpecs.ContainerImage(images[i], "c" + i, "/spec/containers/" + i + "/image"));
        }
        return containers;
    }

    protected ImageReference push(Repository repository, String tag) {
        RawManifest manifest = Images.pushRandom(client(), repository, tag);
        return ImageReference.of(repository, Tag.parse(tag)).withDigest(manifest.digest());
    }

    protected static ImageReference tagOnly(ImageReference image) {
        return ImageReference.of(image.context(), image.tag().orElseThrow());
    }

    protected void sign(ImageReference image, SigningKey key, SignatureLayout... layouts) {
        SignatureLayout[] chosen = layouts.length == 0 ? new SignatureLayout[] {SignatureLayout.LEGACY} : layouts;
        new ImageSigner(client(), Clock.systemUTC()).sign(SigningRequest.of(image, key).withLayouts(EnumSet.of(chosen[0], chosen)));
    }

    protected static PolicySet policies(String... yamls) {
        PolicyRepository repository = new PolicyRepository();
        for (int i = 0; i < yamls.length; i++) {
            PolicyRepository.Update update = repository.put("test#" + i, Policies.document(yamls[i]), "test.yaml");
            assertThat(update.problem()).as("policy %d compiles", i).isEmpty();
        }
        return repository.current();
    }

    /** A Signet policy over one repository with the given attestors block (YAML at 4 spaces). */
    protected static String policy(String name, String action, String failurePolicy, Repository repository, String attestors, String extra) {
        return policy(name, action, failurePolicy, repository + "*", attestors, extra);
    }

    protected static String policy(String name, String action, String failurePolicy, String glob, String attestors, String extra) {
        return "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: " + name + "}\nspec:\n"
                + "  validationFailureAction: " + action + "\n  failurePolicy: " + failurePolicy + "\n  verifyImages:\n"
                + "  - imageReferences: [\"" + glob + "\"]\n" + extra + "    attestors:\n" + attestors;
    }

    protected static String keyRefs(String count, String... refs) {
        StringBuilder yaml = new StringBuilder("    - ").append(count.isEmpty() ? "" : "count: " + count + "\n      ").append("entries:\n");
        for (String ref : refs) {
            yaml.append("      - keys: {publicKeys: \"").append(ref).append("\"}\n");
        }
        return yaml.toString();
    }


    @Test
    void blogPostPolicy_loadsUnchanged_allowsSignedWithDigestPatch_deniesUnsigned() {
        Repository repository = uniqueRepository("blog");
        ImageReference signed = push(repository, "signed");
        ImageReference unsigned = push(repository, "unsigned");
        sign(signed, ALICE);
        PolicySet policies = policies(Policies.blogPost(repository.toString(), ALICE.verificationKey()));

        Verdict allowed = admit(policies, tagOnly(signed).toString());
        Verdict denied = admit(policies, tagOnly(unsigned).toString());

        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.patch()).containsExactly(new Verdict.JsonPatchOperation("replace", "/spec/containers/0/image",
                tagOnly(signed) + "@" + signed.digest().orElseThrow()));
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.patch()).isEmpty();
        assertThat(denied.message()).isEqualTo("denied by Signet: image " + tagOnly(unsigned) + " (" + unsigned.digest().orElseThrow()
                + "): policy check-image, rules[0].verifyImages[0], key: no signatures found");
    }

    @ParameterizedTest(name = "{0} under {1}/{2}: allowed={3}, warned={4}")
    @CsvSource({
            "pass,  Enforce, Fail,   true,  false",
            "pass,  Enforce, Ignore, true,  false",
            "pass,  Audit,   Fail,   true,  false",
            "pass,  Audit,   Ignore, true,  false",
            "fail,  Enforce, Fail,   false, false",
            "fail,  Enforce, Ignore, false, false",
            "fail,  Audit,   Fail,   true,  true",
            "fail,  Audit,   Ignore, true,  true",
            "error, Enforce, Fail,   false, false",
            "error, Enforce, Ignore, true,  true",
            "error, Audit,   Fail,   false, false",
            "error, Audit,   Ignore, true,  true"})
    void verdictTable_resultTimesActionTimesFailurePolicy(String result, String action, String failurePolicy, boolean allowed, boolean warned) {
        Repository repository = uniqueRepository("table");
        ImageReference image = push(repository, "v1");
        if (result.equals("pass")) {
            sign(image, ALICE);
        }
        String key = result.equals("error") ? "k8s://signing/missing" : "k8s://signing/alice";
        PolicySet policies = policies(policy("table", action, failurePolicy, repository, keyRefs("", key), ""));

        Verdict verdict = admit(policies, image.toString());

        assertThat(verdict.allowed()).isEqualTo(allowed);
        assertThat(verdict.findings()).singleElement().extracting(ImageFinding::result).isEqualTo(RuleStatus.valueOf(result.toUpperCase()));
        assertThat(verdict.warnings()).hasSize(warned ? 1 : 0);
        if (result.equals("error")) {
            assertThat(verdict.findings().get(0).message()).contains("attestors[0].entries[0]: read key k8s://signing/missing: Secret not found");
        }
    }

    @Test
    void nOfM_twoOfThreeKeys() {
        Repository repository = uniqueRepository("n-of-m");
        ImageReference two = push(repository, "two");
        ImageReference one = push(repository, "one");
        sign(two, ALICE);
        sign(two, BOB);
        sign(one, CAROL);
        PolicySet policies = policies(policy("two-of-three", "Enforce", "Fail", repository,
                keyRefs("2", "k8s://signing/alice", "k8s://signing/bob", "k8s://signing/carol"), ""));

        assertThat(admit(policies, two.toString()).allowed()).isTrue();
        Verdict denied = admit(policies, one.toString());
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.message()).contains("verifyImages[0], attestors[0]: 1 of the 2 required entries passed (attestors[0].entries[0]: none of the 1 signatures found was made with key k8s://signing/alice");
    }

    @Test
    void nestedSets_andOfOrs() {
        Repository repository = uniqueRepository("nested");
        ImageReference aliceAndCarol = push(repository, "ac");
        ImageReference aliceOnly = push(repository, "a");
        ImageReference bobAndCarol = push(repository, "bc");
        sign(aliceAndCarol, ALICE);
        sign(aliceAndCarol, CAROL);
        sign(aliceOnly, ALICE);
        sign(bobAndCarol, BOB);
        sign(bobAndCarol, CAROL);
        String attestors = "    - entries:\n      - keys: {publicKeys: \"k8s://signing/alice\"}\n      - attestor:\n          count: 1\n          entries:\n"
                + "          - keys: {publicKeys: \"k8s://signing/bob\"}\n          - keys: {publicKeys: \"k8s://signing/carol\"}\n";
        PolicySet policies = policies(policy("nested", "Enforce", "Fail", repository, attestors, ""));

        assertThat(admit(policies, aliceAndCarol.toString()).allowed()).isTrue();
        assertThat(admit(policies, aliceOnly.toString()).message()).contains("attestors[0].entries[1].attestor: 0 of the 1 required entries passed");
        assertThat(admit(policies, bobAndCarol.toString()).message()).contains("attestors[0].entries[0]: none of the 2 signatures found was made with key k8s://signing/alice");
    }

    @Test
    void skipImageReferences_allowsTheSkippedImageUnchecked() {
        Repository repository = uniqueRepository("skip");
        ImageReference debug = push(repository, "debug-1");
        clearRequests();
        PolicySet policies = policies(policy("skip", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"),
                "    skipImageReferences: [\"" + repository + ":debug-*\"]\n"));

        Verdict verdict = admit(policies, tagOnly(debug).toString());

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.findings()).singleElement().extracting(ImageFinding::result).isEqualTo(RuleStatus.SKIP);
        assertThat(requests(repository)).as("a skipped image costs no registry request").isEmpty();
    }

    @Test
    void attack_tagMovedToUnsignedImageAfterTheCacheIsWarm_isDenied() {
        Repository repository = uniqueRepository("moved");
        ImageReference signed = push(repository, "latest");
        sign(signed, ALICE);
        PolicySet policies = policies(policy("moved", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), ""));
        assertThat(admit(policies, tagOnly(signed).toString()).allowed()).isTrue();
        assertThat(admit(policies, tagOnly(signed).toString()).allowed()).as("warm").isTrue();

        ImageReference moved = push(repository, "latest");
        Verdict verdict = admit(policies, tagOnly(signed).toString());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings().get(0).digest()).isEqualTo(moved.digest());
    }

    @Test
    void attack_validSignatureCopiedToAnotherDigest_isDenied() {
        Repository repository = uniqueRepository("copied");
        ImageReference signed = push(repository, "signed");
        ImageReference victim = push(repository, "victim");
        sign(signed, ALICE);
        Digest signedDigest = signed.digest().orElseThrow();
        RawManifest signatures = client().getManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(signedDigest))));
        client().putManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(victim.digest().orElseThrow()))), signatures);
        PolicySet policies = policies(policy("copied", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), ""));

        Verdict verdict = admit(policies, victim.toString());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("names another digest in its payload");
    }

    @Test
    void attack_signatureByAnotherKey_isDenied() {
        Repository repository = uniqueRepository("other-key");
        ImageReference image = push(repository, "v1");
        sign(image, CAROL, SignatureLayout.LEGACY, SignatureLayout.BUNDLE);
        PolicySet policies = policies(policy("other-key", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), ""));

        Verdict verdict = admit(policies, image.toString());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("none of the 2 signatures found was made with key k8s://signing/alice");
    }

    @Test
    void signatureType_cosignRuleIgnoresBundles_bundleRuleIgnoresSigTags() {
        Repository repository = uniqueRepository("layouts");
        ImageReference bundleOnly = push(repository, "bundle");
        sign(bundleOnly, ALICE, SignatureLayout.BUNDLE);
        String attestors = keyRefs("", "k8s://signing/alice");

        assertThat(admit(policies(policy("cosign", "Enforce", "Fail", repository, attestors, "    type: Cosign\n")), bundleOnly.toString()).message())
                .contains("no cosign signatures found");
        assertThat(admit(policies(policy("bundle", "Enforce", "Fail", repository, attestors, "    type: SigstoreBundle\n")), bundleOnly.toString())
                .allowed()).isTrue();
        assertThat(admit(policies(policy("any", "Enforce", "Fail", repository, attestors, "")), bundleOnly.toString()).allowed()).isTrue();
    }

    @Test
    void mutateDigest_neverUnderAudit_andVerifyDigestDeniesWhatIsNotPinned() {
        Repository repository = uniqueRepository("pins");
        ImageReference image = push(repository, "v1");
        sign(image, ALICE);
        String attestors = keyRefs("", "k8s://signing/alice");

        Verdict audit = admit(policies(policy("audit", "Audit", "Fail", repository, attestors, "")), tagOnly(image).toString());
        Verdict strict = admit(policies(policy("strict", "Enforce", "Fail", repository, attestors, "    mutateDigest: false\n    verifyDigest: true\n")),
                tagOnly(image).toString());
        Verdict pinned = admit(policies(policy("strict", "Enforce", "Fail", repository, attestors, "    mutateDigest: false\n    verifyDigest: true\n")),
                image.toString());

        assertThat(audit.allowed()).isTrue();
        assertThat(audit.patch()).isEmpty();
        assertThat(strict.allowed()).isFalse();
        assertThat(strict.message()).contains("not pinned by digest");
        assertThat(pinned.allowed()).isTrue();
        assertThat(pinned.patch()).isEmpty();
    }

    @Test
    void validating_tagOnlyImageUnderVerifyDigest_failsWhateverRequired_withoutARegistryRequest() {
        Repository repository = uniqueRepository("validate-unpinned");
        ImageReference image = push(repository, "v1");
        sign(image, ALICE);
        PolicySet optional = policies(policy("optional", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"),
                "    verifyDigest: true\n    required: false\n"));
        clearRequests();

        Verdict unpinned = admitAt(AdmissionPhase.VALIDATING, optional, tagOnly(image).toString());

        assertThat(unpinned.allowed()).isFalse();
        assertThat(unpinned.message()).contains("not pinned by digest (verifyDigest) and the mutating webhook did not pin it");
        assertThat(unpinned.patch()).isEmpty();
        assertThat(requests(repository)).as("the answer needs no registry").isEmpty();
        assertThat(admitAt(AdmissionPhase.MUTATING, optional, tagOnly(image).toString()).patch()).as("the mutating webhook pins it").hasSize(1);
        assertThat(admitAt(AdmissionPhase.VALIDATING, optional, image.toString()).allowed()).isTrue();
        PolicySet neverPinned = policies(policy("never-pinned", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"),
                "    mutateDigest: false\n    verifyDigest: true\n    required: false\n"));
        assertThat(admitAt(AdmissionPhase.MUTATING, neverPinned, tagOnly(image).toString()).allowed()).as("nothing will pin it").isFalse();
    }

    @Test
    void validating_tagOnlyImageWithoutVerifyDigest_isVerifiedAgainstWhatTheTagPointsToNow() {
        Repository repository = uniqueRepository("validate-moved");
        ImageReference signed = push(repository, "v1");
        sign(signed, ALICE);
        PolicySet policies = policies(policy("moved", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), ""));
        assertThat(admitAt(AdmissionPhase.MUTATING, policies, tagOnly(signed).toString()).allowed()).isTrue();
        ImageReference moved = push(repository, "v1");

        Verdict verdict = admitAt(AdmissionPhase.VALIDATING, policies, tagOnly(signed).toString());

        assertThat(verdict.allowed()).as("the pass cached for the old digest is not this digest's").isFalse();
        assertThat(verdict.message()).contains(moved.digest().orElseThrow().toString()).contains("no signatures found");
        assertThat(verdict.patch()).isEmpty();
    }

    @Test
    void signaturesAreFetchedOncePerImage_whateverTheNumberOfKeys() {
        Repository repository = uniqueRepository("ten-keys");
        ImageReference image = push(repository, "v1");
        sign(image, ALICE);
        StringBuilder tenKeys = new StringBuilder("    - count: 1\n      entries:\n");
        for (int i = 0; i < 9; i++) {
            tenKeys.append("      - keys:\n          publicKeys: |-\n").append(Policies.pem(12, SigningKey.generate("k" + i).verificationKey())).append('\n');
        }
        tenKeys.append("      - keys:\n          publicKeys: |-\n").append(Policies.pem(12, ALICE.verificationKey())).append('\n');

        // what the client learns once per registry (HTTPS or not, referrers API or not) is not per verdict
        assertThat(admit(policies(policy("warm-up", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), "")), tagOnly(image).toString())
                .allowed()).isTrue();
        clearRequests();
        assertThat(admit(policies(policy("one-key", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), "")), tagOnly(image).toString())
                .allowed()).isTrue();
        List<String> oneKey = requests(repository);
        clearRequests();
        assertThat(admit(policies(policy("ten-keys", "Enforce", "Fail", repository, tenKeys.toString(), "")), tagOnly(image).toString())
                .allowed()).isTrue();
        List<String> tenKeyRequests = requests(repository);

        assertThat(tenKeyRequests).containsExactlyInAnyOrderElementsOf(oneKey);
        assertThat(tenKeyRequests.stream().filter(PolicyEvaluatorScenarios::isBlob).count()).as("one signature blob").isEqualTo(1);
    }

    @Test
    void cache_warmVerdictNeedsNoRegistryRequest_andAPolicyEditStartsAfresh() {
        Repository repository = uniqueRepository("cache");
        ImageReference image = push(repository, "v1");
        sign(image, ALICE);
        String yaml = policy("cached", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), "");
        PolicySet policies = policies(yaml);
        assertThat(admit(policies, image.toString()).allowed()).isTrue();
        clearRequests();

        assertThat(admit(policies, image.toString()).allowed()).isTrue();
        assertThat(requests(repository)).isEmpty();
        assertThat(cache.hits()).isEqualTo(1);

        PolicySet edited = policies(yaml.replace("k8s://signing/alice", "k8s://signing/bob"));
        assertThat(admit(edited, image.toString()).allowed()).as("new content, new resourceVersion").isFalse();
    }

    @Test
    void attack_policyFileCopyingAnotherPolicysUidAndResourceVersion_doesNotReuseItsPass() {
        Repository repository = uniqueRepository("copied-identity");
        ImageReference image = push(repository, "v1");
        sign(image, ALICE);
        String identity = "metadata: {name: trusted, uid: 5d1c6a7e-0000-4000-8000-00000000000a, resourceVersion: \"42\"}";
        String trusted = policy("trusted", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), "")
                .replace("metadata: {name: trusted}", identity);
        String copy = policy("trusted", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/bob"), "")
                .replace("metadata: {name: trusted}", identity);
        assertThat(admit(policies(trusted), image.toString()).allowed()).isTrue();

        Verdict copied = admit(policies(copy), image.toString());

        assertThat(copied.allowed()).as("bob never signed: the copy's own content is its identity, not the uid it claims").isFalse();
        assertThat(copied.message()).contains("k8s://signing/bob");
    }

    @Test
    void singleFlight_concurrentAdmissionsOfOneDigestShareOneVerification() throws Exception {
        Repository repository = uniqueRepository("single-flight");
        ImageReference image = push(repository, "v1");
        sign(image, ALICE);
        PolicySet policies = policies(policy("flight", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), ""));
        clearRequests();

        List<CompletableFuture<Verdict>> verdicts = IntStream.range(0, 16)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> admit(policies, image.toString()), Executors.newSingleThreadExecutor()))
                .toList();

        assertThat(verdicts).allSatisfy(verdict -> assertThat(verdict.get().allowed()).isTrue());
        assertThat(requests(repository).stream().filter(PolicyEvaluatorScenarios::isBlob).count()).as("one signature blob download for 16 admissions").isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void prewarm_makesTheFirstAdmissionAHit() throws Exception {
        Repository repository = uniqueRepository("prewarm");
        ImageReference image = push(repository, "v1");
        sign(image, ALICE);
        PolicySet policies = policies(policy("warm", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), ""));

        assertThat(evaluator(client()).prewarm(ImageReference.of(repository, image.digest().orElseThrow()), policies).get()).isEqualTo(1);
        clearRequests();

        assertThat(admit(policies, image.toString()).allowed()).isTrue();
        assertThat(requests(repository)).isEmpty();
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void prewarm_afterAPodWasDeniedBeforeTheSignature_replacesTheCachedFail() throws Exception {
        // found by bench/soak: a pod admitted between push and signing kept being denied for the cache TTL
        Repository repository = uniqueRepository("prewarm-late");
        ImageReference image = push(repository, "v1");
        PolicySet policies = policies(policy("late", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), ""));
        assertThat(admit(policies, image.toString()).message()).contains("no signatures found");
        sign(image, ALICE);
        assertThat(admit(policies, image.toString()).allowed()).as("the fail is cached").isFalse();

        assertThat(evaluator(client()).prewarm(ImageReference.of(repository, image.digest().orElseThrow()), policies).get()).isEqualTo(1);

        assertThat(admit(policies, image.toString()).allowed()).isTrue();
    }

    @Test
    void unparseableImage_isAnErrorUnderTheDefaultFailurePolicy() {
        Verdict verdict = admit(PolicySet.empty(), "UPPER/Case::bad");

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).isEqualTo("denied by Signet: image UPPER/Case::bad: not a valid image reference");
    }

    @Test
    void hostile_signatureManifestWithTenThousandLayers_isRefusedUnread_andDenies() {
        Repository repository = uniqueRepository("hostile-layers");
        ImageReference image = push(repository, "v1");
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        Descriptor layer = Descriptor.of(MediaTypes.COSIGN_SIMPLE_SIGNING, payload);
        client().putBlob(repository, layer.digest(), payload);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, config);
        client().putBlob(repository, configDescriptor.digest(), config);
        RawManifest hostile = RawManifest.of(Json.write(ImageManifest.of(configDescriptor,
                Collections.nCopies(10_000, layer))), MediaTypes.OCI_MANIFEST);
        client().putManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest().orElseThrow()))), hostile);
        PolicySet policies = policies(policy("hostile", "Enforce", "Fail", repository, keyRefs("", "k8s://signing/alice"), "    type: Cosign\n"));
        clearRequests();

        Verdict verdict = admit(policies, image.toString());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("10000 layers, more than 1000");
        assertThat(requests(repository).stream().filter(PolicyEvaluatorScenarios::isBlob).count()).as("no layer was fetched").isZero();
    }
}

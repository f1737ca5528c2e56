package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.keys.SigningKey;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.PublicKeys;
import dev.signet.verification.FoundSignatures;
import dev.signet.verification.RegistryLanes;
import dev.signet.verification.SignatureFetcher;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 5, the judge: a keyless entry is judged by the keyless verifier against its own trust, in the same
 * attestor sets as key entries (AND, {@code count} N-of-M). These tests use images whose signatures no keyless trust
 * can pass (none, or key-made ones): what they check is the policy side — that signatures are fetched for keyless-only
 * rules, how a keyless entry fails, that it composes with key entries, and that an unresolvable named root is
 * {@code error}. Real keyless signatures at admission are in {@code KeylessAdmissionIT}.
 */
class PolicyKeylessJudgeTest {
    private static final String ENTRY = "rules[0].verifyImages[0].attestors[0].entries[0]";
    private static final String KEYLESS = "{keyless: {subject: 'https://github.com/acme/*', issuer: 'https://token.actions.githubusercontent.com',"
            + " rekor: {url: 'https://rekor.sigstore.dev'}}}";

    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final SigningKey alice = SigningKey.generate("alice");
    private final Repository repository = Repository.parse("registry.test/acme/app");
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), new PublicKeys(Map.of()),
            new VerdictCache(Duration.ofMinutes(1), 1000), executor, FailurePolicy.FAIL);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private ImageReference push(String tag) {
        return ImageReference.of(repository, registry.pushRandomImage(repository, tag).digest());
    }

    private void sign(ImageReference image, SigningKey key) {
        new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(image, key));
    }

    private static String kyverno(String set) {
        return "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  validationFailureAction: Enforce\n  rules:\n"
                + "  - name: r\n    match: {any: [{resources: {kinds: [Pod]}}]}\n    verifyImages:\n"
                + "    - imageReferences: ['registry.test/acme/*']\n      attestors: [" + set + "]\n";
    }

    private String keyEntry() {
        return "{keys: {publicKeys: " + "\"" + dev.signet.keys.PemKeys.publicKeyPem(alice.verificationKey().publicKey()).replace("\n", "\\n") + "\""
                + ", rekor: {ignoreTlog: true}}}";
    }

    private Verdict admit(String policy, ImageReference image) {
        PolicyRepository policies = new PolicyRepository();
        PolicyRepository.Update update = policies.put("p", Policies.document(policy), "p.yaml");
        assertThat(update.problem()).isEmpty();
        return evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(image.toString(), "c", "/spec/containers/0/image")), policies.current(), Duration.ofSeconds(10));
    }

    @Test
    void keylessOnlyRule_unsignedImage_isDenied_noSignaturesFound() {
        Verdict verdict = admit(kyverno("{entries: [" + KEYLESS + "]}"), push("unsigned"));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.cause()).contains("no signatures found");
        });
    }

    @Test
    void keylessOnlyRule_fetchesTheSignatures_andAKeyMadeOneIsNoKeylessSignature() {
        ImageReference image = push("key-signed");
        sign(image, alice);

        Verdict verdict = admit(kyverno("{entries: [" + KEYLESS + "]}"), image);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.cause()).contains("none of the 1 signatures found is a keyless signature by subject wildcard https://github.com/acme/*")
                    .contains("under the Sigstore public-good trusted root");
        });
    }

    @Test
    void keylessAndKeyEntries_countOne_passOnTheKey_withoutCountBothAreNeeded() {
        ImageReference image = push("v1");
        sign(image, alice);

        Verdict either = admit(kyverno("{count: 1, entries: [" + KEYLESS + ", " + keyEntry() + "]}"), image);
        Verdict both = admit(kyverno("{entries: [" + KEYLESS + ", " + keyEntry() + "]}"), image);

        assertThat(either.allowed()).as(either.message()).isTrue();
        assertThat(either.findings()).singleElement().satisfies(finding -> assertThat(finding.cause()).contains("signature verified with"));
        assertThat(both.allowed()).isFalse();
        assertThat(both.findings()).singleElement().satisfies(finding -> assertThat(finding.cause()).contains("is a keyless signature by"));
    }

    @Test
    void signetKeylessNamingARootNoSourceKnows_isError_andFailsClosed() {
        String policy = signetPolicy("acme-fulcio");
        ImageReference image = push("v2");
        sign(image, alice);

        Verdict verdict = admit(policy, image);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.ERROR);
            assertThat(finding.cause()).contains("trusted root acme-fulcio is not known");
        });
    }

    @Test
    void signetKeylessNamingARootThePortKnows_isJudgedOnTheSignatures_notError() {
        PolicyEvaluator withRoots = new PolicyEvaluator(new SignatureFetcher(registry, executor), new PublicKeys(Map.of()),
                new InMemoryRoots(Map.of("acme-fulcio", TrustedRoot.production())), new VerdictCache(Duration.ofMinutes(1), 1000),
                RegistryLanes.direct(executor), FailurePolicy.FAIL, Duration.ZERO, Ticker.systemTicker());
        PolicyRepository policies = new PolicyRepository();
        policies.put("p", Policies.document(signetPolicy("acme-fulcio")), "p.yaml");
        ImageReference image = push("v3");
        sign(image, alice);

        Verdict verdict = withRoots.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(image.toString(), "c", "/spec/containers/0/image")), policies.current(), Duration.ofSeconds(10));

        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.cause()).contains("is a keyless signature by subject \"a@acme.example\"").contains("under trusted root acme-fulcio");
        });
    }

    private static String signetPolicy(String ref) {
        return "apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: p}\nspec:\n  verifyImages:\n"
                + "  - imageReferences: ['registry.test/acme/*']\n    attestors: [{entries: [{keyless: {trustedRootRef: " + ref + ","
                + " identities: [{subject: a@acme.example, issuer: 'https://accounts.google.com'}]}}]}]\n";
    }

    // ---- the named-root port, with an in-memory fake

    /** An in-memory {@link TrustedRoots}: the roots it was given, by name. */
    private record InMemoryRoots(Map<String, TrustedRoot> roots) implements TrustedRoots {
        @Override
        public Optional<TrustedRoot> find(String ref) {
            return Optional.ofNullable(roots.get(ref));
        }
    }

    private static ImageRule signetRule(String ref) {
        return Policies.compile(signetPolicy(ref)).rules().get(0);
    }

    private static RuleOutcome judge(ImageRule rule, TrustedRoots source) {
        AttestorRoots roots = new AttestorRoots(source);
        assertThat(roots.of(rule.attestors())).hasSize(1);
        FoundSignatures none = new FoundSignatures(Digest.parse("sha256:" + "a".repeat(64)), List.of());
        return new RuleJudge(rule, List.of(), Map.of(), none, roots.resolved()).judge();
    }

    @Test
    void aNamedRoot_isResolvedThroughThePort_andThenJudgedOnTheSignatures() {
        ImageRule rule = signetRule("acme-fulcio");

        RuleOutcome found = judge(rule, new InMemoryRoots(Map.of("acme-fulcio", TrustedRoot.production())));
        RuleOutcome missing = judge(rule, new InMemoryRoots(Map.of("other", TrustedRoot.production())));
        RuleOutcome broken = judge(rule, ref -> {
            throw new IllegalStateException("the informer has not synced");
        });

        assertThat(found.status()).isEqualTo(RuleStatus.FAIL);
        assertThat(found.cause()).isEqualTo("no signatures found");
        assertThat(missing.status()).isEqualTo(RuleStatus.ERROR);
        assertThat(missing.path()).isEqualTo("verifyImages[0].attestors[0].entries[0]");
        assertThat(missing.cause()).isEqualTo("trusted root acme-fulcio is not known");
        assertThat(broken.status()).isEqualTo(RuleStatus.ERROR);
        assertThat(broken.cause()).contains("trusted root acme-fulcio could not be read: the informer has not synced");
    }

    @Test
    void aRootBuiltAtCompileTime_needsNoPort() {
        ImageRule rule = Policies.compile(kyverno("{entries: [" + KEYLESS + "]}")).rules().get(0);

        RuleOutcome outcome = judge(rule, TrustedRoots.none());

        assertThat(outcome.status()).isEqualTo(RuleStatus.FAIL);
        assertThat(outcome.path()).isEqualTo(ENTRY);
    }
}

package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.PublicKeys;
import dev.signet.testing.sigstore.FulcioCertificate;
import dev.signet.testing.sigstore.KeylessAttestations;
import dev.signet.testing.sigstore.LeafSpec;
import dev.signet.testing.sigstore.LegacySignature;
import dev.signet.testing.sigstore.TestSigstore;
import dev.signet.verification.RegistryLanes;
import dev.signet.verification.SignatureFetcher;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15 with keyless evidence: Kyverno's {@code verifyImages.attestations} whose attestors are {@code keyless}
 * entries (the test Sigstore stack's CAs, Rekor and CT keys given inline, as a private Sigstore is), judged at
 * admission exactly as key entries are: the statement's conditions decide once the certificate, log entry, SCT and
 * identity held, in both cosign layouts; a keyless entry and a key entry combine with {@code count} N-of-M; an
 * attestation without attestors of its own uses the rule's keyless ones.
 */
class KeylessAttestationPolicyTest {
    private static final String SLSA = "https://slsa.dev/provenance/v0.2";
    private static final String RUNNER = "https://github.com/actions/runner";

    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final TestSigstore sigstore = TestSigstore.create();
    private final FulcioCertificate signer = sigstore.certificate();
    private final SigningKey alice = SigningKey.generate("alice");
    private final Repository repository = Repository.parse("registry.test/acme/app");
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), new PublicKeys(Map.of()),
            new VerdictCache(Duration.ofMinutes(1), 1000), executor, FailurePolicy.FAIL);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private RawManifest push(String tag) {
        return registry.pushRandomImage(repository, tag);
    }

    private static String provenance(String builder) {
        return "{\"builder\":{\"id\":\"" + builder + "\"},\"buildType\":\"https://github.com/slsa-framework/slsa-github-generator\"}";
    }

    private void attestKeyless(RawManifest image, FulcioCertificate by, String builder, SignatureLayout layout) {
        byte[] statement = KeylessAttestations.statement(repository.toString(), image.digest(), SLSA, provenance(builder));
        if (layout == SignatureLayout.LEGACY) {
            KeylessAttestations.pushLegacy(registry, repository, image.digest(), sigstore.attestImage(by, statement, SLSA, false));
        } else {
            KeylessAttestations.pushBundle(registry, repository, image, sigstore.signStatement(by, statement).json(), SLSA);
        }
    }

    private void attestWithKey(RawManifest image, String builder) {
        new AttestationSigner(registry, Clock.systemUTC()).attest(new AttestationRequest(ImageReference.of(repository, image.digest()), alice,
                SLSA, provenance(builder).getBytes(StandardCharsets.UTF_8), SignatureLayout.LEGACY, false));
    }

    /** cosign's legacy keyless {@code .sig} layer for the image, so a rule's keyless attestors pass on the signature. */
    private void signKeyless(RawManifest image) {
        LegacySignature legacy = sigstore.signImage(signer, repository.toString(), image.digest());
        CosignSignature layer = CosignSignature.of(legacy.payload(), legacy.annotations(), "sig");
        SignatureManifest.Built built = SignatureManifest.build(List.of(layer));
        registry.putBlob(repository, layer.payloadDigest(), layer.payload());
        registry.putBlob(repository, built.manifest().asImageManifest().config().digest(), built.config());
        registry.putManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest()))), built.manifest());
    }

    /** A Kyverno keyless entry under the test stack's CAs, Rekor key and CT key, at {@code indent} spaces. */
    private String keylessEntry(String subject, int indent) {
        String pad = " ".repeat(indent);
        return pad + "- keyless:\n"
                + pad + "    subject: '" + subject + "'\n"
                + pad + "    issuer: " + TestSigstore.DEFAULT_ISSUER + "\n"
                + pad + "    roots: " + quoted(roots()) + "\n"
                + pad + "    rekor: {url: 'https://rekor.test', pubkey: " + quoted(PemKeys.publicKeyPem(sigstore.rekor().publicKey())) + "}\n"
                + pad + "    ctlog: {pubkey: " + quoted(PemKeys.publicKeyPem(sigstore.ctLog().publicKey())) + "}\n";
    }

    private String keyEntry(int indent) {
        String pad = " ".repeat(indent);
        return pad + "- keys:\n" + pad + "    publicKeys: " + quoted(PemKeys.publicKeyPem(alice.verificationKey().publicKey())) + "\n"
                + pad + "    rekor: {ignoreTlog: true}\n";
    }

    /**
     * A Kyverno policy whose rule has {@code ruleAttestors} (may be empty) and one SLSA attestation with
     * {@code attestationAttestors} (may be empty: the rule's then) and a builder condition.
     */
    private static String policy(String ruleAttestors, String attestationAttestors) {
        return "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: slsa}\nspec:\n  validationFailureAction: Enforce\n  rules:\n"
                + "  - name: check-provenance\n    match: {any: [{resources: {kinds: [Pod]}}]}\n    verifyImages:\n"
                + "    - imageReferences: ['registry.test/acme/*']\n"
                + ruleAttestors
                + "      attestations:\n      - type: " + SLSA + "\n"
                + attestationAttestors
                + "        conditions:\n        - all:\n          - key: '{{ builder.id }}'\n            operator: Equals\n            value: " + RUNNER + "\n";
    }

    private static String attestationSet(String count, String entries) {
        return "        attestors:\n        - " + (count.isEmpty() ? "" : "count: " + count + "\n          ") + "entries:\n" + entries;
    }

    private String roots() {
        StringBuilder pems = new StringBuilder();
        for (X509Certificate certificate : sigstore.chain()) {
            try {
                pems.append(PemKeys.encode("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return pems.toString();
    }

    private static String quoted(String pem) {
        return "\"" + pem.replace("\n", "\\n") + "\"";
    }

    private Verdict admit(String policy, RawManifest image) {
        PolicyRepository policies = new PolicyRepository();
        PolicyRepository.Update update = policies.put("p", Policies.document(policy), "p.yaml");
        assertThat(update.problem()).isEmpty();
        return evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(ImageReference.of(repository, image.digest()).toString(), "c", "/spec/containers/0/image")),
                policies.current(), Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @EnumSource(SignatureLayout.class)
    void keylessAttestor_provenanceFromTheExpectedBuilder_isAllowed(SignatureLayout layout) {
        RawManifest image = push("good-" + layout);
        attestKeyless(image, signer, RUNNER, layout);

        Verdict verdict = admit(policy("", attestationSet("", keylessEntry("https://github.com/acme/*", 10))), image);

        assertThat(verdict.allowed()).as(verdict.findings().toString()).isTrue();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.PASS);
            assertThat(finding.cause()).contains("verified keyless for subject wildcard https://github.com/acme/*").contains("1 statement meets the conditions");
        });
    }

    @ParameterizedTest
    @EnumSource(SignatureLayout.class)
    void keylessAttestor_provenanceFromAnotherBuilder_isDenied_namingTheCondition(SignatureLayout layout) {
        RawManifest image = push("evil-" + layout);
        attestKeyless(image, signer, "https://evil.example/builder", layout);

        Verdict verdict = admit(policy("", attestationSet("", keylessEntry("https://github.com/acme/*", 10))), image);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.cause()).contains("conditions not met").contains("saw \"https://evil.example/builder\"");
        });
    }

    @Test
    void keylessAttestor_anotherSigner_isDenied_beforeAnyConditionIsRead() {
        RawManifest image = push("other-signer");
        attestKeyless(image, sigstore.certificate(LeafSpec.uri("https://github.com/evil/app/.github/workflows/x.yml@refs/heads/main",
                TestSigstore.DEFAULT_ISSUER)), RUNNER, SignatureLayout.BUNDLE);

        Verdict verdict = admit(policy("", attestationSet("", keylessEntry("https://github.com/acme/*", 10))), image);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.rulePath()).endsWith("attestations[0].attestors[0].entries[0]");
            assertThat(finding.cause()).contains("none of the 1 attestations found is a keyless attestation by subject wildcard https://github.com/acme/*")
                    .contains("identity: subject https://github.com/evil/app");
        });
    }

    @Test
    void keylessAttestor_noAttestations_isDenied() {
        RawManifest image = push("bare");

        Verdict verdict = admit(policy("", attestationSet("", keylessEntry("https://github.com/acme/*", 10))), image);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> assertThat(finding.cause()).contains("no attestations found"));
    }

    @Test
    void keyAndKeylessEntries_countOne_passOnEither_withoutCountBothAreNeeded() {
        RawManifest keylessOnly = push("keyless-only");
        attestKeyless(keylessOnly, signer, RUNNER, SignatureLayout.BUNDLE);
        RawManifest keyOnly = push("key-only");
        attestWithKey(keyOnly, RUNNER);
        RawManifest both = push("both");
        attestKeyless(both, signer, RUNNER, SignatureLayout.BUNDLE);
        attestWithKey(both, RUNNER);
        String entries = keyEntry(10) + keylessEntry("https://github.com/acme/*", 10);
        String oneOf = policy("", attestationSet("1", entries));
        String allOf = policy("", attestationSet("", entries));

        assertThat(admit(oneOf, keylessOnly).allowed()).isTrue();
        assertThat(admit(oneOf, keyOnly).allowed()).isTrue();
        assertThat(admit(allOf, both).allowed()).isTrue();
        Verdict missingKey = admit(allOf, keylessOnly);
        Verdict missingKeyless = admit(allOf, keyOnly);
        assertThat(missingKey.allowed()).isFalse();
        assertThat(missingKey.findings()).singleElement().satisfies(finding ->
                assertThat(finding.cause()).contains("none of the 1 attestations found was signed with"));
        assertThat(missingKeyless.allowed()).isFalse();
        assertThat(missingKeyless.findings()).singleElement().satisfies(finding ->
                assertThat(finding.cause()).contains("none of the 1 attestations found is a keyless attestation by subject wildcard https://github.com/acme/*"));
    }

    @Test
    void keyAndKeylessEntries_countTwo_aKeylessStatementFromAnotherBuilder_stillDenies() {
        RawManifest image = push("mixed");
        attestKeyless(image, signer, "https://evil.example/builder", SignatureLayout.LEGACY);
        attestWithKey(image, RUNNER);

        Verdict verdict = admit(policy("", attestationSet("2", keyEntry(10) + keylessEntry("https://github.com/acme/*", 10))), image);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> assertThat(finding.cause()).contains("saw \"https://evil.example/builder\""));
    }

    @Test
    void signetKind_namedTrustedRoot_isLookedUpThroughThePort_andAnUnknownOneIsError() {
        RawManifest image = push("named-root");
        attestKeyless(image, signer, RUNNER, SignatureLayout.BUNDLE);
        TrustedRoot stack = TrustedRoot.parse(sigstore.trustedRootJson().getBytes(StandardCharsets.UTF_8), "test stack");
        String policy = "apiVersion: signet.dev/v1alpha1\nkind: ClusterImagePolicy\nmetadata: {name: p}\nspec:\n  verifyImages:\n"
                + "  - imageReferences: ['registry.test/acme/*']\n    attestations:\n    - type: " + SLSA + "\n"
                + "      attestors: [{entries: [{keyless: {trustedRootRef: acme-sigstore, identities: [{subject: '" + TestSigstore.DEFAULT_SAN
                + "', issuer: '" + TestSigstore.DEFAULT_ISSUER + "'}]}}]}]\n"
                + "      conditions: [{all: [{key: '{{ builder.id }}', operator: Equals, value: '" + RUNNER + "'}]}]\n";

        Verdict known = admit(evaluator(ref -> "acme-sigstore".equals(ref) ? Optional.of(stack) : Optional.empty()), policy, image);
        Verdict unknown = admit(evaluator(TrustedRoots.none()), policy, image);

        assertThat(known.allowed()).as(known.findings().toString()).isTrue();
        assertThat(unknown.allowed()).isFalse();
        assertThat(unknown.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.ERROR);
            assertThat(finding.cause()).isEqualTo("trusted root acme-sigstore is not known");
        });
    }

    private PolicyEvaluator evaluator(TrustedRoots roots) {
        return new PolicyEvaluator(new SignatureFetcher(registry, executor), new PublicKeys(Map.of()), roots, new VerdictCache(Duration.ofMinutes(1), 1000),
                RegistryLanes.direct(executor), FailurePolicy.FAIL, Duration.ZERO, Ticker.systemTicker());
    }

    private Verdict admit(PolicyEvaluator with, String policy, RawManifest image) {
        PolicyRepository policies = new PolicyRepository();
        PolicyRepository.Update update = policies.put("p", Policies.document(policy), "p.yaml");
        assertThat(update.problem()).isEmpty();
        return with.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(ImageReference.of(repository, image.digest()).toString(), "c", "/spec/containers/0/image")),
                policies.current(), Duration.ofSeconds(10));
    }

    @Test
    void anAttestationWithoutAttestors_usesTheRulesKeylessOnes_forTheSignatureAndTheStatement() {
        RawManifest image = push("rule-attestors");
        signKeyless(image);
        attestKeyless(image, signer, RUNNER, SignatureLayout.LEGACY);
        RawManifest unattested = push("rule-attestors-bare");
        signKeyless(unattested);
        String ruleAttestors = "      attestors:\n      - entries:\n" + keylessEntry("https://github.com/acme/*", 8);

        Verdict passed = admit(policy(ruleAttestors, ""), image);
        Verdict denied = admit(policy(ruleAttestors, ""), unattested);

        assertThat(passed.allowed()).as(passed.findings().toString()).isTrue();
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.findings()).singleElement().satisfies(finding -> {
            // the rule's own entry judged the (missing) attestation: the finding names that entry
            assertThat(finding.rulePath()).isEqualTo("rules[0].verifyImages[0], attestors[0].entries[0]");
            assertThat(finding.cause()).isEqualTo("no attestations found");
        });
    }
}

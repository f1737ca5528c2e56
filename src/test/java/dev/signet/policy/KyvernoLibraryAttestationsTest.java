package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.SigningKey;
import dev.signet.oci.Descriptor;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.signature.AttestationLayers;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.DsseEnvelope;
import dev.signet.signature.InTotoStatement;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.PublicKeys;
import dev.signet.verification.SignatureFetcher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, "Tests and data": the attestation policies of Kyverno's policy library (kyverno/policies, copied unchanged
 * into {@code src/test/resources/policies/kyverno-library}, provenance in its README), each with a pod that passes and
 * one that fails. The library's policies are keyless and name GitHub production identities (or placeholders such as
 * {@code mysubject}) under the public-good root, so no attestation made offline can satisfy them: as published they
 * load, read the image's attestations and fail for lack of keyless evidence by that identity (a key-signed attestation
 * is no keyless one), admitted only because the library sets {@code validationFailureAction: Audit}, and denied once it
 * enforces. For pass and fail the test swaps the keyless attestor for a public key (the only change, see
 * {@link #withKey}) and keeps the image references, the predicate types and the conditions as they are; keyless
 * attestations passing and failing conditions are in {@code KeylessAttestationPolicyTest}.
 */
class KyvernoLibraryAttestationsTest {
    private static final String LIBRARY = "kyverno-library/";
    /** What cosign 1.x's {@code --type vuln} wrote, and what require-vulnerability-scan asks for. */
    private static final String COSIGN1_VULN = "cosign.sigstore.dev/attestation/vuln/v1";
    /** What cosign 1.x's {@code --type cyclonedx} wrote, and what the library's CycloneDX policies ask for. */
    private static final String CYCLONEDX_SCHEMA = "https://cyclonedx.org/schema";
    private static final String SLSA3_GENERATOR = "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml";

    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final SigningKey alice = SigningKey.generate("alice");
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), new PublicKeys(Map.of()),
            new VerdictCache(Duration.ofMinutes(1), 1000), executor, FailurePolicy.FAIL);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static String library(String file) {
        return Policies.resource(LIBRARY + file);
    }

    /**
     * The one change for pass and fail: the {@code - keyless:} attestor entry (with its subject, issuer and rekor
     * lines) becomes {@code - keys: {publicKeys: <PEM of key>, rekor: {ignoreTlog: true}}} at the same indentation
     * (Kyverno checks a key-signed attestation against Rekor unless told not to; the test's are in no log).
     */
    private static String withKey(String policy, SigningKey key) {
        Matcher keyless = Pattern.compile("(?m)^( *)- keyless:\\n(?:\\1    .*\\n)+").matcher(policy);
        StringBuilder out = new StringBuilder();
        int replaced = 0;
        while (keyless.find()) {
            String indent = keyless.group(1);
            String entry = indent + "- keys:\n" + indent + "    publicKeys: |-\n" + Policies.pem(indent.length() + 6, key.verificationKey()) + "\n"
                    + indent + "    rekor:\n" + indent + "      ignoreTlog: true\n";
            keyless.appendReplacement(out, Matcher.quoteReplacement(entry));
            replaced++;
        }
        keyless.appendTail(out);
        assertThat(replaced).as("keyless entries replaced").isEqualTo(1);
        return out.toString();
    }

    /** The library's policies audit; the same policy with {@code Enforce} shows that a failed condition denies. */
    private static String enforced(String policy) {
        assertThat(policy).contains("validationFailureAction: Audit");
        return policy.replace("validationFailureAction: Audit", "validationFailureAction: Enforce");
    }

    private static PolicyRepository.Update load(PolicyRepository policies, String yaml) {
        return policies.put("p", Policies.document(yaml), "p.yaml");
    }

    private Verdict admit(String policy, String image) {
        PolicyRepository policies = new PolicyRepository();
        PolicyRepository.Update update = load(policies, policy);
        assertThat(update.problem()).isEmpty();
        return evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(image, "c", "/spec/containers/0/image")), policies.current(), Duration.ofSeconds(10));
    }

    /** Pushes an image and returns the reference a pod names it by: {@code repository:tag@digest}. */
    private ImageReference push(String repository, String tag) {
        Repository repo = Repository.parse(repository);
        return ImageReference.of(repo, registry.pushRandomImage(repo, tag).digest());
    }

    private static String podImage(ImageReference image, String tag) {
        return image.context() + ":" + tag + "@" + image.digest().orElseThrow();
    }

    /** {@code cosign attest --key alice --type TYPE --predicate FILE} as cosign 2 does it. */
    private void attest(ImageReference image, String type, String predicate) {
        new AttestationSigner(registry, Clock.systemUTC()).attest(new AttestationRequest(image, alice, type,
                predicate.getBytes(StandardCharsets.UTF_8), SignatureLayout.LEGACY, false));
    }

    /**
     * An attestation with a predicate type that is no URI, as cosign 1.x wrote for {@code --type vuln}
     * ({@value #COSIGN1_VULN}); Signet's and cosign 2's {@code attest} refuse such a type, so the test stores the
     * {@code .att} image itself, in cosign's legacy layout.
     */
    private void attestAsCosign1(ImageReference image, String predicateType, String predicate) {
        Repository repository = image.context();
        Digest digest = image.digest().orElseThrow();
        byte[] statement = InTotoStatement.build(repository.toString(), digest, "", predicateType,
                predicate.getBytes(StandardCharsets.UTF_8), Instant.now());
        DsseEnvelope envelope = DsseEnvelope.sign(BundleFormat.IN_TOTO_PAYLOAD_TYPE, statement, alice);
        Descriptor layer = AttestationLayers.layer(envelope, predicateType);
        SignatureManifest.Built built = SignatureManifest.buildFromLayers(List.of(layer));
        registry.putBlob(repository, layer.digest(), envelope.bytes());
        registry.putBlob(repository, built.manifest().asImageManifest().config().digest(), built.config());
        registry.putManifest(ImageReference.of(repository, Tag.parse(SignatureTags.attestation(digest))), built.manifest());
    }

    /** A condition not met: the library's Audit admits with a warning, Enforce denies; both name the condition. */
    private void assertConditionFails(String policy, String image, String condition, String seen) {
        Verdict audited = admit(policy, image);
        assertThat(audited.allowed()).as(audited.message()).isTrue();
        assertThat(audited.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.warns()).isTrue();
            assertThat(finding.cause()).contains("conditions not met").contains(condition).contains(seen);
        });
        Verdict enforced = admit(enforced(policy), image);
        assertThat(enforced.allowed()).isFalse();
        assertThat(enforced.message()).contains(condition).contains(seen);
    }

    private void assertPasses(String policy, String image) {
        Verdict verdict = admit(policy, image);
        assertThat(verdict.allowed()).as(verdict.message()).isTrue();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.PASS);
            assertThat(finding.cause()).contains("meets the conditions");
        });
        Verdict enforced = admit(enforced(policy), image);
        assertThat(enforced.allowed()).as(enforced.message()).isTrue();
    }

    // --- as published ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"require-vulnerability-scan.yaml", "verify-image-cve-2022-42889.yaml", "verify-image-slsa.yaml", "verify-sbom-cyclonedx.yaml",
        "verify-tekton-taskrun-vuln-scan.yaml", "verify-tekton-taskrun-signatures.yaml", "verify-tekton-pipeline-bundle-signatures.yaml"})
    void libraryPolicy_loadsUnchanged(String file) {
        PolicyRepository.Update update = load(new PolicyRepository(), library(file));

        assertThat(update.problem()).as(file).isEmpty();
    }

    /**
     * The Tekton policy is key-based, but with Kyverno's own test key, and it matches {@code TaskRun}s through
     * {@code imageExtractors}: it loads, evaluates the extractors (the load report does not list them as unread), says
     * that TaskRuns reach Signet only through the tekton webhook component, and leaves pods alone; TaskRuns are
     * admitted in {@code KyvernoLibraryTektonTest}.
     */
    @Test
    void tektonTaskRunVulnScan_loadsUnchanged_evaluatesItsImageExtractors_namesTheWebhookComponent_andDoesNotMatchPods() {
        PolicyRepository.Update update = load(new PolicyRepository(), library("verify-tekton-taskrun-vuln-scan.yaml"));
        assertThat(update.policy()).hasValueSatisfying(policy -> {
            assertThat(LoadReport.of(policy).looser()).noneSatisfy(line -> assertThat(line).contains("imageExtractors"));
            assertThat(policy.loadNotes()).anySatisfy(note -> assertThat(note).startsWith("rules[0].imageExtractors.TaskRun: objects of kind TaskRun")
                    .contains("k8s/components/tekton"));
        });

        ImageReference image = push("ghcr.io/tap8stry/git-init", "v0.21.0");
        Verdict verdict = admit(library("verify-tekton-taskrun-vuln-scan.yaml"), podImage(image, "v0.21.0"));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.SKIP);
            assertThat(finding.cause()).isEqualTo("no policy rule covers this image");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"require-vulnerability-scan.yaml:ghcr.io/myorg/myrepo", "verify-image-cve-2022-42889.yaml:myreg.org/myrepo/someimage",
        "verify-image-slsa.yaml:myreg.org/path/repo", "verify-sbom-cyclonedx.yaml:myreg.org/path/repo"})
    void keylessLibraryPolicy_asPublished_failsForLackOfKeylessEvidence_auditedAsPublished_deniedWhenEnforced(String fileAndRepository) {
        String[] parts = fileAndRepository.split(":", 2);
        ImageReference image = push(parts[1], "v1");
        attestAsCosign1(image, COSIGN1_VULN, "{\"metadata\":{\"scanFinishedOn\":\"" + Instant.now() + "\"}}");

        Verdict audited = admit(library(parts[0]), podImage(image, "v1"));
        Verdict enforced = admit(library(parts[0]).replace("validationFailureAction: Audit", "validationFailureAction: Enforce"), podImage(image, "v1"));

        assertThat(audited.allowed()).isTrue();
        assertThat(enforced.allowed()).isFalse();
        assertThat(List.of(audited, enforced)).allSatisfy(verdict -> assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.cause()).contains("none of the 1 attestations found is a keyless attestation by subject ",
                    "under the Sigstore public-good trusted root (signed with a key, not a Fulcio certificate)");
        }));
    }

    // --- require-vulnerability-scan: time_since('', '{{metadata.scanFinishedOn}}', '') <= 168h -----------------------

    private static String vulnScan(Instant finished) {
        return "{\"invocation\":{\"uri\":\"https://github.com/myorg/myrepo/actions/runs/1\"},"
                + "\"scanner\":{\"uri\":\"pkg:github/aquasecurity/trivy@0.50.0\",\"version\":\"0.50.0\",\"result\":{}},"
                + "\"metadata\":{\"scanStartedOn\":\"" + finished.minusSeconds(60) + "\",\"scanFinishedOn\":\"" + finished + "\"}}";
    }

    @Test
    void requireVulnerabilityScan_scanFromAnHourAgo_passes() {
        ImageReference image = push("ghcr.io/myorg/myrepo", "fresh");
        attestAsCosign1(image, COSIGN1_VULN, vulnScan(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)));

        assertPasses(withKey(library("require-vulnerability-scan.yaml"), alice), podImage(image, "fresh"));
    }

    @Test
    void requireVulnerabilityScan_scanEightDaysOld_fails_namingTimeSince() {
        ImageReference image = push("ghcr.io/myorg/myrepo", "stale");
        Instant finished = Instant.now().minus(8, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        attestAsCosign1(image, COSIGN1_VULN, vulnScan(finished));

        assertConditionFails(withKey(library("require-vulnerability-scan.yaml"), alice), podImage(image, "stale"),
                "time_since('','{{metadata.scanFinishedOn}}','')", "192h");
    }

    @Test
    void requireVulnerabilityScan_scanAttestedByCosign2TypeVuln_isNotTheTypeThePolicyAsksFor() {
        ImageReference image = push("ghcr.io/myorg/myrepo", "cosign2");
        attest(image, "vuln", vulnScan(Instant.now().truncatedTo(ChronoUnit.SECONDS)));

        Verdict verdict = admit(withKey(library("require-vulnerability-scan.yaml"), alice), podImage(image, "cosign2"));

        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.FAIL);
            assertThat(finding.cause()).startsWith("no attestation of type \"" + COSIGN1_VULN + "\"");
        });
    }

    // --- verify-image-cve-2022-42889: components[?name=='commons-text'].version || 'none' AllNotIn 1.5..1.9 --------

    private static String cycloneDx(String components) {
        return "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.4\",\"version\":1,\"components\":[" + components + "]}";
    }

    @Test
    void cve202242889_patchedCommonsText_passes() {
        ImageReference image = push("myreg.org/myrepo/someimage", "patched");
        attest(image, CYCLONEDX_SCHEMA, cycloneDx("{\"type\":\"library\",\"name\":\"commons-text\",\"version\":\"1.10.0\"},"
                + "{\"type\":\"library\",\"name\":\"commons-lang3\",\"version\":\"1.9\"}"));

        assertPasses(withKey(library("verify-image-cve-2022-42889.yaml"), alice), podImage(image, "patched"));
    }

    @Test
    void cve202242889_noCommonsTextAtAll_passes() {
        ImageReference image = push("myreg.org/myrepo/someimage", "none");
        attest(image, CYCLONEDX_SCHEMA, cycloneDx("{\"type\":\"library\",\"name\":\"guava\",\"version\":\"33.0.0\"}"));

        assertPasses(withKey(library("verify-image-cve-2022-42889.yaml"), alice), podImage(image, "none"));
    }

    @Test
    void cve202242889_vulnerableCommonsText_fails() {
        ImageReference image = push("myreg.org/myrepo/someimage", "vulnerable");
        attest(image, CYCLONEDX_SCHEMA, cycloneDx("{\"type\":\"library\",\"name\":\"commons-text\",\"version\":\"1.9\"}"));

        assertConditionFails(withKey(library("verify-image-cve-2022-42889.yaml"), alice), podImage(image, "vulnerable"),
                "components[?name=='commons-text'].version || 'none'", "1.9");
    }

    // --- verify-image-slsa: regex_match('^...generator_container_slsa3.yml@refs/tags/v[0-9].[0-9].[0-9]$', builder.id) --

    private static String provenance(String builder) {
        return "{\"builder\":{\"id\":\"" + builder + "\"},\"buildType\":\"https://github.com/slsa-framework/slsa-github-generator/container@v1\"}";
    }

    @Test
    void verifySlsa_provenanceFromTheTaggedGenerator_passes() {
        ImageReference image = push("myreg.org/path/repo", "slsa3");
        attest(image, "slsaprovenance", provenance(SLSA3_GENERATOR + "@refs/tags/v1.4.0"));

        assertPasses(withKey(library("verify-image-slsa.yaml"), alice), podImage(image, "slsa3"));
    }

    @Test
    void verifySlsa_provenanceFromAnotherBuilder_fails() {
        ImageReference image = push("myreg.org/path/repo", "other");
        attest(image, "slsaprovenance", provenance("https://github.com/actions/runner"));

        assertConditionFails(withKey(library("verify-image-slsa.yaml"), alice), podImage(image, "other"),
                "regex_match(", "false");
    }

    @Test
    void verifySlsa_generatorFromABranchNotATag_fails() {
        ImageReference image = push("myreg.org/path/repo", "branch");
        attest(image, "slsaprovenance", provenance(SLSA3_GENERATOR + "@refs/heads/main"));

        assertConditionFails(withKey(library("verify-image-slsa.yaml"), alice), podImage(image, "branch"),
                "regex_match(", "false");
    }

    // --- verify-sbom-cyclonedx: Data.bomFormat == CycloneDX --------------------------------------------------------

    @Test
    void verifySbomCycloneDx_cosign1WrappedCycloneDxSbom_passes() {
        ImageReference image = push("myreg.org/path/repo", "sbom");
        attest(image, CYCLONEDX_SCHEMA, "{\"Data\":" + cycloneDx("") + ",\"Timestamp\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}");

        assertPasses(withKey(library("verify-sbom-cyclonedx.yaml"), alice), podImage(image, "sbom"));
    }

    @Test
    void verifySbomCycloneDx_anotherFormatUnderTheCycloneDxType_fails() {
        ImageReference image = push("myreg.org/path/repo", "spdx");
        attest(image, CYCLONEDX_SCHEMA, "{\"Data\":{\"spdxVersion\":\"SPDX-2.3\",\"bomFormat\":\"SPDX\"},\"Timestamp\":\"2024-01-01T00:00:00Z\"}");

        assertConditionFails(withKey(library("verify-sbom-cyclonedx.yaml"), alice), podImage(image, "spdx"), "{{ Data.bomFormat }}", "SPDX");
    }

    @Test
    void verifySbomCycloneDx_noSbom_isDenied() {
        ImageReference image = push("myreg.org/path/repo", "nosbom");
        attest(image, "slsaprovenance", provenance(SLSA3_GENERATOR + "@refs/tags/v1.4.0"));

        Verdict verdict = admit(enforced(withKey(library("verify-sbom-cyclonedx.yaml"), alice)), podImage(image, "nosbom"));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> assertThat(finding.cause())
                .startsWith("no attestation of type \"" + CYCLONEDX_SCHEMA + "\""));
    }
}

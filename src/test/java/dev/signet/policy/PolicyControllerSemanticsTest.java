package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SimpleSigningPayload;
import dev.signet.signature.PredicateTypes;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.PublicKeys;
import dev.signet.testing.sigstore.LeafSpec;
import dev.signet.testing.sigstore.LegacySignature;
import dev.signet.testing.sigstore.TestSigstore;
import dev.signet.verification.RegistryLanes;
import dev.signet.verification.SignatureFetcher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * policy-controller's {@code ClusterImagePolicy} means in Signet what it means in policy-controller: for each kind of
 * authority and each policy-level rule, a pod that passes and one that fails, evaluated by the real evaluator over the
 * fake registry (keyless signatures from the test Sigstore stack, under a {@code TrustRoot}).
 */
class PolicyControllerSemanticsTest {
    private static final String HEADER = "apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: NAME}\nspec:\n";

    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final SigningKey alice = SigningKey.generate("alice");
    private final SigningKey bob = SigningKey.generate("bob");
    private final Repository repository = Repository.parse("registry.test/acme/demo");
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final VerdictCache cache = new VerdictCache(Duration.ofMinutes(1), 1000);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private ImageReference push(String tag) {
        return ImageReference.of(repository, registry.pushRandomImage(repository, tag).digest());
    }

    private ImageReference signed(String tag, SigningKey... keys) {
        ImageReference image = push(tag);
        for (SigningKey key : keys) {
            new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(image, key));
        }
        return image;
    }

    private static String policy(String name, String spec) {
        return HEADER.replace("NAME", name) + spec;
    }

    private static String key(SigningKey key) {
        return "  - key:\n      data: |\n" + Policies.pem(8, key.verificationKey()) + "\n";
    }

    private Verdict admit(List<String> policies, ImageReference image) {
        return admit(policies, image, new AdmissionSubject("Pod", "default", Map.of()));
    }

    private Verdict admit(List<String> policies, ImageReference image, AdmissionSubject subject) {
        PolicyRepository repository = new PolicyRepository();
        for (int p = 0; p < policies.size(); p++) {
            PolicyRepository.Update update = repository.put("p" + p, Policies.document(policies.get(p)), "p" + p + ".yaml");
            assertThat(update.problem()).isEmpty();
        }
        // as the app wires it: the TrustRoots loaded beside the policies first, then the configured root source
        PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), new PublicKeys(Map.of()),
                repository.trustRoots().before(TrustedRoots.none()), cache, RegistryLanes.direct(executor), FailurePolicy.FAIL, Duration.ZERO,
                Ticker.systemTicker());
        return evaluator.evaluate(subject, List.of(new PodSpecs.ContainerImage(image.toString(), "c", "/spec/containers/0/image")), repository.current(),
                Duration.ofSeconds(10));
    }

    private static String causes(Verdict verdict) {
        return verdict.findings().stream().map(ImageFinding::cause).collect(Collectors.joining(" | "));
    }

    @Test
    void keyAuthority_signedByTheKeyPasses_unsignedAndOtherKeyFail() {
        String policy = policy("key", "  images: [{glob: '**demo**'}]\n  authorities:\n" + key(alice));

        Verdict good = admit(List.of(policy), signed("good", alice));
        Verdict unsigned = admit(List.of(policy), push("unsigned"));
        Verdict other = admit(List.of(policy), signed("other", bob));

        assertThat(good.allowed()).as(good.message()).isTrue();
        assertThat(unsigned.allowed()).isFalse();
        assertThat(causes(unsigned)).contains("no cosign signatures found");
        assertThat(other.allowed()).isFalse();
        assertThat(other.findings()).singleElement().satisfies(finding -> assertThat(finding.rulePath()).isEqualTo("spec, authorities[0]"));
    }

    @Test
    void keyAuthority_ctlogWithAUrl_requiresARekorEntry_whichSignetsPushSignaturesLack() {
        String policy = policy("key-rekor", "  images: [{glob: '**demo**'}]\n  authorities:\n" + key(alice) + "    ctlog: {url: 'https://rekor.sigstore.dev'}\n");

        Verdict verdict = admit(List.of(policy), signed("no-rekor", alice));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> assertThat(finding.result()).isEqualTo(RuleStatus.FAIL));
    }

    /** A {@code .sig} layer with a signature {@code sign} makes over the image's payload, and these extra annotations. */
    private ImageReference signedWith(String tag, java.util.function.Function<byte[], byte[]> sign, Map<String, java.util.function.Function<byte[], String>> extra) {
        ImageReference image = push(tag);
        byte[] payload = SimpleSigningPayload.of(image.toString(), image.digest().orElseThrow()).toBytes();
        byte[] signature = sign.apply(payload);
        Map<String, String> annotations = new java.util.LinkedHashMap<>();
        annotations.put(CosignAnnotations.SIGNATURE, Base64.getEncoder().encodeToString(signature));
        extra.forEach((name, value) -> annotations.put(name, value.apply(signature)));
        CosignSignature layer = CosignSignature.of(payload, annotations, tag);
        SignatureManifest.Built built = SignatureManifest.build(List.of(layer));
        registry.putBlob(repository, layer.payloadDigest(), layer.payload());
        registry.putBlob(repository, built.manifest().asImageManifest().config().digest(), built.config());
        registry.putManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest().orElseThrow()))), built.manifest());
        return image;
    }

    private static java.util.function.Function<byte[], byte[]> jca(String algorithm, PrivateKey key) {
        return data -> {
            try {
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(data);
                return signer.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void keyAuthority_hashAlgorithmSha512_acceptsOnlySignaturesOverSha512() throws Exception {
        // cert-manager's e2e policy: an RSA key whose signatures are over SHA-512 of the payload (policy-controller's cip-key-hash-algorithm)
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();
        String pem = Policies.pem(8, VerificationKey.of(rsa.getPublic(), "rsa"));
        String sha512 = policy("sha512", "  images: [{glob: '**demo**'}]\n  authorities:\n  - key:\n      hashAlgorithm: sha512\n      data: |\n" + pem + "\n");
        String sha256 = policy("sha256", "  images: [{glob: '**demo**'}]\n  authorities:\n  - key:\n      data: |\n" + pem + "\n");

        ImageReference overSha512 = signedWith("sha512", jca("SHA512withRSA", rsa.getPrivate()), Map.of());
        ImageReference overSha256 = signedWith("sha256", jca("SHA256withRSA", rsa.getPrivate()), Map.of());

        assertThat(admit(List.of(sha512), overSha512).allowed()).as(admit(List.of(sha512), overSha512).message()).isTrue();
        assertThat(admit(List.of(sha512), overSha256).allowed()).isFalse();
        assertThat(admit(List.of(sha256), overSha512).allowed()).isFalse();
        assertThat(admit(List.of(sha256), overSha256).allowed()).isTrue();
    }

    @Test
    void keyAuthority_rfc3161timestamp_needsATimestampOverTheSignatureFromTheTrustRootsAuthority() throws Exception {
        TestSigstore sigstore = TestSigstore.create();
        TestSigstore other = TestSigstore.create();
        String trustRoot = trustRoot("my-sigstore-keys", sigstore);
        String policy = policy("key-tsa", "  images: [{glob: '**demo**'}]\n  authorities:\n" + key(alice)
                + "    rfc3161timestamp: {trustRootRef: my-sigstore-keys}\n");
        Map<String, java.util.function.Function<byte[], String>> byTheTrustRootsTsa = Map.of(CosignAnnotations.RFC3161_TIMESTAMP,
                signature -> "{\"SignedRFC3161Timestamp\":\"" + Base64.getEncoder().encodeToString(sigstore.tsa().timestamp(signature)) + "\"}");
        Map<String, java.util.function.Function<byte[], String>> byAnotherTsa = Map.of(CosignAnnotations.RFC3161_TIMESTAMP,
                signature -> "{\"SignedRFC3161Timestamp\":\"" + Base64.getEncoder().encodeToString(other.tsa().timestamp(signature)) + "\"}");
        Map<String, java.util.function.Function<byte[], String>> overOtherBytes = Map.of(CosignAnnotations.RFC3161_TIMESTAMP,
                signature -> "{\"SignedRFC3161Timestamp\":\"" + Base64.getEncoder().encodeToString(sigstore.tsa().timestamp(new byte[] {1, 2})) + "\"}");

        Verdict good = admit(List.of(trustRoot, policy), signedWith("tsa", alice::sign, byTheTrustRootsTsa));
        Verdict none = admit(List.of(trustRoot, policy), signed("no-tsa", alice));
        Verdict foreign = admit(List.of(trustRoot, policy), signedWith("foreign", alice::sign, byAnotherTsa));
        Verdict otherBytes = admit(List.of(trustRoot, policy), signedWith("other-bytes", alice::sign, overOtherBytes));
        Verdict otherKey = admit(List.of(trustRoot, policy), signedWith("other-key", bob::sign, byTheTrustRootsTsa));
        Verdict noRoot = admit(List.of(policy), signedWith("no-root", alice::sign, byTheTrustRootsTsa));

        assertThat(good.allowed()).as(good.message()).isTrue();
        assertThat(none.allowed()).isFalse();
        assertThat(causes(none)).contains("carries no RFC 3161 timestamp");
        assertThat(foreign.allowed()).isFalse();
        assertThat(foreign.findings()).singleElement().satisfies(finding -> assertThat(finding.result()).isEqualTo(RuleStatus.FAIL));
        assertThat(otherBytes.allowed()).isFalse();
        assertThat(otherKey.allowed()).isFalse();
        assertThat(noRoot.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.ERROR);
            assertThat(finding.cause()).contains("my-sigstore-keys");
        });
    }

    @Test
    void authorities_areOred_oneKeyIsEnough_noneFails() {
        String policy = policy("either", "  images: [{glob: '**demo**'}]\n  authorities:\n" + key(alice) + key(bob));

        assertThat(admit(List.of(policy), signed("bob", bob)).allowed()).isTrue();
        assertThat(admit(List.of(policy), signed("alice", alice)).allowed()).isTrue();
        assertThat(admit(List.of(policy), push("none")).allowed()).isFalse();
    }

    @Test
    void twoMatchingPolicies_areAnded() {
        String byAlice = policy("by-alice", "  images: [{glob: '**demo**'}]\n  authorities:\n" + key(alice));
        String byBob = policy("by-bob", "  images: [{glob: 'registry.test/acme/*'}]\n  authorities:\n" + key(bob));

        Verdict one = admit(List.of(byAlice, byBob), signed("one", alice));
        Verdict both = admit(List.of(byAlice, byBob), signed("both", alice, bob));

        assertThat(one.allowed()).isFalse();
        assertThat(one.message()).contains("by-bob");
        assertThat(both.allowed()).as(both.message()).isTrue();
    }

    @Test
    void staticAuthorities_passAdmitsUnsigned_failDeniesWithItsMessage_andOrWithAKey() {
        String pass = policy("pass", "  images: [{glob: '**demo**'}]\n  authorities:\n  - static: {action: pass}\n");
        String fail = policy("fail", "  images: [{glob: '**demo**'}]\n  authorities:\n  - static: {action: fail, message: no demo images here}\n");
        String failOrKey = policy("fail-or-key", "  images: [{glob: '**demo**'}]\n  authorities:\n  - static: {action: fail}\n" + key(alice));

        assertThat(admit(List.of(pass), push("unsigned")).allowed()).isTrue();
        Verdict denied = admit(List.of(fail), signed("signed", alice));
        assertThat(denied.allowed()).isFalse();
        assertThat(causes(denied)).contains("disallowed by a static authority: no demo images here");
        assertThat(admit(List.of(failOrKey), signed("signed-too", alice)).allowed()).isTrue();
        assertThat(admit(List.of(failOrKey), push("unsigned-too")).allowed()).isFalse();
    }

    @Test
    void modeWarn_failureIsAWarningOnAnAllowedVerdict() {
        String policy = policy("warn", "  mode: warn\n  images: [{glob: '**demo**'}]\n  authorities:\n" + key(alice));

        Verdict verdict = admit(List.of(policy), push("unsigned"));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).singleElement().satisfies(warning -> assertThat(warning).contains("no cosign signatures found"));
        CompiledPolicy compiled = Policies.compile(policy);
        assertThat(compiled.action()).isEqualTo(EnforcementAction.AUDIT);
        assertThat(compiled.failurePolicy()).isEqualTo(FailurePolicy.IGNORE);
    }

    @Test
    void modeWarn_anErrorIsAWarningToo() {
        String policy = policy("warn-kms", "  mode: warn\n  images: [{glob: '**demo**'}]\n  authorities:\n  - key: {kms: 'gcpkms://projects/p/k'}\n");

        Verdict verdict = admit(List.of(policy), push("unsigned"));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.warnings()).singleElement().satisfies(warning -> assertThat(warning).contains("KMS key URI is malformed"));
    }

    @Test
    void match_byResourceAndLabels_selectsOnlyLabelledPods() {
        String policy = policy("labelled", "  images: [{glob: '**demo**'}]\n  match:\n  - {resource: pods, version: '*', selector: {matchLabels: {match: match}}}\n"
                + "  authorities:\n" + key(alice));
        ImageReference unsigned = push("unsigned");

        Verdict labelled = admit(List.of(policy), unsigned, pod("v1", Map.of("match", "match")));
        Verdict other = admit(List.of(policy), unsigned, pod("v1", Map.of("match", "other")));
        Verdict deployment = admit(List.of(policy), unsigned, new AdmissionSubject("Deployment", "default", Map.of(), true,
                Optional.of(new AdmissionSubject.ObjectMeta("apps/v1", "d", Map.of("match", "match"), Map.of())), Optional.empty(), Optional.empty()));

        assertThat(labelled.allowed()).isFalse();
        assertThat(other.allowed()).isTrue();
        assertThat(other.findings()).allSatisfy(finding -> assertThat(finding.result()).isEqualTo(RuleStatus.SKIP));
        assertThat(deployment.allowed()).as("policy-controller compares the resource exactly: pods is not deployments").isTrue();
    }

    private static AdmissionSubject pod(String apiVersion, Map<String, String> labels) {
        return new AdmissionSubject("Pod", "default", Map.of(), true, Optional.of(new AdmissionSubject.ObjectMeta(apiVersion, "pod", labels, Map.of())),
                Optional.empty(), Optional.empty());
    }

    @Test
    void globs_starStopsAtSlash_doubleStarDoesNot() {
        String oneLevel = policy("one-level", "  images: [{glob: 'registry.test/acme/*'}]\n  authorities:\n" + key(alice));
        String anyLevel = policy("any-level", "  images: [{glob: 'registry.test/**'}]\n  authorities:\n" + key(alice));
        Repository nested = Repository.parse("registry.test/acme/team/app");
        ImageReference image = ImageReference.of(nested, registry.pushRandomImage(nested, "v1").digest());

        assertThat(admit(List.of(oneLevel), image).allowed()).as("* does not cross /: no policy covers it").isTrue();
        assertThat(admit(List.of(anyLevel), image).allowed()).isFalse();
    }

    @Test
    void attestationsAuthority_needsAVerifiedStatementOfEachType_notAnImageSignature() {
        String policy = policy("attested", "  images: [{glob: '**demo**'}]\n  authorities:\n  - name: custom\n    key:\n      data: |\n"
                + Policies.pem(8, alice.verificationKey()) + "\n    attestations:\n    - {name: must-have-custom, predicateType: custom}\n");
        ImageReference attested = push("attested");
        attest(attested, alice, "custom");
        ImageReference otherType = push("other-type");
        attest(otherType, alice, "vuln");
        ImageReference otherKey = push("other-key");
        attest(otherKey, bob, "custom");

        Verdict good = admit(List.of(policy), attested);
        Verdict signedOnly = admit(List.of(policy), signed("signed-only", alice));

        assertThat(good.allowed()).as(good.message()).isTrue();
        assertThat(causes(good)).contains("attestation of type \"" + PredicateTypes.CUSTOM + "\" verified");
        assertThat(signedOnly.allowed()).as("an image signature is no attestation").isFalse();
        assertThat(admit(List.of(policy), otherType).allowed()).isFalse();
        assertThat(admit(List.of(policy), otherKey).allowed()).isFalse();
    }

    @Test
    void attestationsAuthority_orWithASignatureAuthority() {
        String policy = policy("attested-or-signed", "  images: [{glob: '**demo**'}]\n  authorities:\n  - key:\n      data: |\n"
                + Policies.pem(8, alice.verificationKey()) + "\n    attestations:\n    - {name: a, predicateType: custom}\n" + key(bob));
        ImageReference attested = push("attested");
        attest(attested, alice, "custom");

        assertThat(admit(List.of(policy), attested).allowed()).isTrue();
        assertThat(admit(List.of(policy), signed("signed", bob)).allowed()).isTrue();
        assertThat(admit(List.of(policy), push("neither")).allowed()).isFalse();
    }

    @Test
    void cueAttestationPolicy_isError_failsClosed_andTheLoadNoteSaysWhy() {
        String policy = policy("cue", "  images: [{glob: '**demo**'}]\n  authorities:\n  - key:\n      data: |\n" + Policies.pem(8, alice.verificationKey())
                + "\n    attestations:\n    - name: a\n      predicateType: custom\n      policy: {type: cue, data: 'predicate: Data: \"x\"'}\n");
        ImageReference attested = push("attested");
        attest(attested, alice, "custom");

        Verdict verdict = admit(List.of(policy), attested);

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.findings()).singleElement().satisfies(finding -> assertThat(finding.result()).isEqualTo(RuleStatus.ERROR));
        assertThat(Policies.compile(policy).loadNotes()).anySatisfy(note -> assertThat(note).contains("a CUE policy is not evaluated"));
    }

    private void attest(ImageReference image, SigningKey key, String type) {
        new AttestationSigner(registry, Clock.systemUTC()).attest(new AttestationRequest(image, key, type, "{\"Data\": \"e2e\"}".getBytes(StandardCharsets.UTF_8),
                SignatureLayout.LEGACY, false));
    }

    @Test
    void keylessAuthority_underATrustRoot_identityMatchesPasses_otherIdentityFails() throws Exception {
        TestSigstore sigstore = TestSigstore.create();
        String trustRoot = trustRoot("my-sigstore-keys", sigstore);
        ImageReference image = push("keyless");
        LegacySignature legacy = sigstore.signImage(sigstore.certificate(LeafSpec.uri(TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER)),
                image.toString(), image.digest().orElseThrow());
        CosignSignature layer = CosignSignature.of(legacy.payload(), legacy.annotations(), "keyless");
        SignatureManifest.Built built = SignatureManifest.build(List.of(layer));
        registry.putBlob(repository, layer.payloadDigest(), layer.payload());
        registry.putBlob(repository, built.manifest().asImageManifest().config().digest(), built.config());
        registry.putManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest().orElseThrow()))), built.manifest());

        Verdict good = admit(List.of(trustRoot, keyless("keyless", ".*acme/signet-demo/.*", "my-sigstore-keys")), image);
        Verdict mismatch = admit(List.of(trustRoot, keyless("mismatch", ".*acme/other/.*", "my-sigstore-keys")), image);
        Verdict unknownRoot = admit(List.of(trustRoot, keyless("unknown-root", ".*acme/signet-demo/.*", "nobody")), image);
        Verdict noRoot = admit(List.of(keyless("no-root", ".*acme/signet-demo/.*", "my-sigstore-keys")), image);
        // two files holding TrustRoots of one name (the cluster keeps one per name): which keys count is not left to chance
        Verdict twoRoots = admit(List.of(trustRoot, trustRoot("my-sigstore-keys", TestSigstore.create()),
                keyless("two-roots", ".*acme/signet-demo/.*", "my-sigstore-keys")), image);

        assertThat(good.allowed()).as(good.message()).isTrue();
        assertThat(mismatch.allowed()).isFalse();
        assertThat(mismatch.findings()).singleElement().satisfies(finding -> assertThat(finding.result()).isEqualTo(RuleStatus.FAIL));
        assertThat(unknownRoot.allowed()).isFalse();
        assertThat(unknownRoot.findings()).singleElement().satisfies(finding -> assertThat(finding.result()).isEqualTo(RuleStatus.ERROR));
        assertThat(noRoot.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.ERROR);
            assertThat(finding.cause()).contains("trusted root policy.sigstore.dev/TrustRoot/my-sigstore-keys is not known");
        });
        assertThat(twoRoots.allowed()).isFalse();
        assertThat(twoRoots.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.result()).isEqualTo(RuleStatus.ERROR);
            assertThat(finding.cause()).contains("2 TrustRoots are named my-sigstore-keys");
        });
    }

    private static String keyless(String name, String subjectRegExp, String trustRoot) {
        return policy(name, "  images: [{glob: '**demo**'}]\n  authorities:\n  - keyless:\n      url: https://fulcio.test\n      trustRootRef: " + trustRoot
                + "\n      identities:\n      - {issuer: '" + TestSigstore.DEFAULT_ISSUER + "', subjectRegExp: '" + subjectRegExp + "'}\n"
                + "    ctlog: {url: 'https://rekor.test', trustRootRef: " + trustRoot + "}\n");
    }

    /** A TrustRoot with the test stack's CA chain, Rekor and CT log keys and TSA chain, as policy-controller stores them: base64 PEM. */
    private static String trustRoot(String name, TestSigstore sigstore) throws CertificateEncodingException {
        StringBuilder chain = new StringBuilder();
        for (X509Certificate certificate : sigstore.chain()) {
            chain.append(PemKeys.encode("CERTIFICATE", certificate.getEncoded()));
        }
        return "apiVersion: policy.sigstore.dev/v1alpha1\nkind: TrustRoot\nmetadata: {name: " + name + "}\nspec:\n  sigstoreKeys:\n"
                + "    certificateAuthorities:\n    - {uri: 'https://fulcio.test', certChain: " + base64(chain.toString()) + "}\n"
                + "    tLogs:\n    - {baseURL: 'https://rekor.test', hashAlgorithm: sha-256, publicKey: " + base64(pem(sigstore.rekor().publicKey())) + "}\n"
                + "    ctLogs:\n    - {baseURL: 'https://ctfe.test', hashAlgorithm: sha-256, publicKey: " + base64(pem(sigstore.ctLog().publicKey())) + "}\n"
                + "    timestampAuthorities:\n    - {uri: 'https://tsa.test', certChain: " + base64(tsaChain(sigstore)) + "}\n";
    }

    private static String tsaChain(TestSigstore sigstore) throws CertificateEncodingException {
        StringBuilder chain = new StringBuilder();
        for (X509Certificate certificate : sigstore.tsa().chain()) {
            chain.append(PemKeys.encode("CERTIFICATE", certificate.getEncoded()));
        }
        return chain.toString();
    }

    private static String pem(PublicKey key) {
        return PemKeys.publicKeyPem(key);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}

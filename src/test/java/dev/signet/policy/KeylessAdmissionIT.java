package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.PemKeys;
import dev.signet.oci.Descriptor;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.Sleeper;
import dev.signet.signature.BundleManifest;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SigstoreBundle;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.TextMatch;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import dev.signet.testing.PublicKeys;
import dev.signet.testing.sigstore.KeylessAttestations;
import dev.signet.testing.sigstore.LeafSpec;
import dev.signet.testing.sigstore.LegacySignature;
import dev.signet.testing.sigstore.TestSigstore;
import dev.signet.verification.ImageVerifier;
import dev.signet.verification.KeylessTrust;
import dev.signet.verification.SignatureCheck;
import dev.signet.verification.SignatureFetcher;
import dev.signet.verification.VerificationRequest;
import dev.signet.verification.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, end to end against the real CNCF distribution registry: keyless signatures from the test Sigstore stack
 * (its CA, CT log and Rekor log emit real certificates, SCTs, SETs, proofs and checkpoints) pushed in both cosign
 * layouts, then verified the way {@code signet verify --certificate-identity} does and by admission under a Kyverno
 * {@code keyless} attestor with the stack's roots and log keys. Wrong identity, CT key, Rekor key and an
 * expired-at-signing certificate are refused, each naming its check. Keyless attestations in both layouts are judged
 * at admission under an {@code attestations} entry with a keyless attestor and a condition on the predicate.
 */
class KeylessAdmissionIT {
    private static LocalRegistry registry;
    private static HttpRegistryClient client;
    private static TestSigstore sigstore;
    private static TrustedRoot root;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.anonymous();
        client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(), SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT),
                Sleeper.system());
        sigstore = TestSigstore.create();
        root = TrustedRoot.parse(sigstore.trustedRootJson().getBytes(StandardCharsets.UTF_8), "test stack");
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    /** An image with a keyless .sig layer and a keyless bundle referrer, both by {@code spec}'s certificate. */
    private static ImageReference signedInBothLayouts(String name, LeafSpec spec) {
        Repository repository = registry.uniqueRepository(name);
        RawManifest image = Images.pushRandom(client, repository, "v1");
        ImageReference reference = ImageReference.of(repository, image.digest());
        var certificate = sigstore.certificate(spec);
        LegacySignature legacy = sigstore.signImage(certificate, reference.toString(), image.digest());
        CosignSignature layer = CosignSignature.of(legacy.payload(), legacy.annotations(), name);
        SignatureManifest.Built built = SignatureManifest.build(List.of(layer));
        client.putBlob(repository, layer.payloadDigest(), layer.payload());
        client.putBlob(repository, built.manifest().asImageManifest().config().digest(), built.config());
        client.putManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest()))), built.manifest());
        String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + repository + "\",\"digest\":{\"sha256\":\""
                + image.digest().hex() + "\"}}],\"predicateType\":\"https://sigstore.dev/cosign/sign/v1\",\"predicate\":{}}";
        byte[] bytes = sigstore.signStatement(certificate, statement.getBytes(StandardCharsets.UTF_8)).json();
        SigstoreBundle bundle = SigstoreBundle.parse(bytes, name);
        RawManifest referrer = BundleManifest.build(bundle, Descriptor.of(image.mediaType(), image.digest(), image.bytes().length), Instant.now());
        client.putBlob(repository, bundle.digest(), bytes);
        client.putBlob(repository, BundleManifest.EMPTY_CONFIG_DIGEST, BundleManifest.EMPTY_CONFIG);
        client.putManifest(ImageReference.of(repository, referrer.digest()), referrer);
        client.addReferrer(repository, image.digest(), BundleManifest.referrerDescriptor(referrer));
        return reference;
    }

    private static VerificationResult verify(ImageReference image, TrustedRoot trusted, String subject) {
        KeylessTrust trust = new KeylessTrust("--certificate-identity", trusted,
                List.of(new IdentityMatcher(TextMatch.exact(subject), TextMatch.exact(TestSigstore.DEFAULT_ISSUER))), true, true);
        return new ImageVerifier(client).verify(VerificationRequest.keyless(image, trust));
    }

    @Test
    void bothLayouts_verifyWithTheIdentity_andAWrongIdentityMatchesNone() {
        ImageReference image = signedInBothLayouts("keyless-good", LeafSpec.uri(TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER));

        VerificationResult good = verify(image, root, TestSigstore.DEFAULT_SAN);
        VerificationResult wrong = verify(image, root, "https://github.com/evil/app/.github/workflows/x.yml@refs/heads/main");

        assertThat(good.outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(good.checks()).extracting(SignatureCheck::layout).containsExactlyInAnyOrder(SignatureLayout.BUNDLE, SignatureLayout.LEGACY);
        assertThat(good.checks()).allSatisfy(check -> assertThat(check.status()).as(check.detail()).isEqualTo(SignatureCheck.Status.VERIFIED));
        assertThat(wrong.outcome()).isEqualTo(VerificationResult.Outcome.NO_MATCHING_SIGNATURE);
        assertThat(wrong.checks()).allSatisfy(check -> assertThat(check.detail()).contains("identity: subject"));
    }

    @Test
    void wrongCtKey_wrongRekorKey_andACertificateExpiredAtSigning_areRefusedNamingTheCheck() {
        ImageReference image = signedInBothLayouts("keyless-keys", LeafSpec.uri(TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER));
        ImageReference expired = signedInBothLayouts("keyless-expired", LeafSpec.uri(TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER)
                .withNotBefore(Instant.now().minus(Duration.ofHours(1))));
        TestSigstore other = TestSigstore.create();
        TrustedRoot otherLogs = TrustedRoot.parse(other.trustedRootJson().getBytes(StandardCharsets.UTF_8), "other stack");

        VerificationResult ctKey = verify(image, root.withCtlogs(otherLogs.ctlogs(), "wrong CT key"), TestSigstore.DEFAULT_SAN);
        VerificationResult rekorKey = verify(image, root.withTlogs(otherLogs.tlogs(), "wrong Rekor key"), TestSigstore.DEFAULT_SAN);
        VerificationResult late = verify(expired, root, TestSigstore.DEFAULT_SAN);

        assertThat(ctKey.checks()).hasSize(2).allSatisfy(check -> assertThat(check.detail()).contains("certificate transparency:"));
        assertThat(rekorKey.checks()).hasSize(2).allSatisfy(check -> assertThat(check.detail()).contains("transparency log:"));
        assertThat(late.checks()).hasSize(2).allSatisfy(check -> assertThat(check.detail()).contains("certificate chain: the certificate was valid"));
        assertThat(List.of(ctKey, rekorKey, late)).allSatisfy(result -> assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.NO_MATCHING_SIGNATURE));
    }

    @Test
    void admission_kyvernoKeylessAttestorWithTheStacksRoots_admitsTheSignedImage_andDeniesAnotherSubject() throws Exception {
        ImageReference image = signedInBothLayouts("keyless-admission", LeafSpec.uri(TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER));
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(client, executor), new PublicKeys(Map.of()),
                    new VerdictCache(Duration.ofMinutes(1), 1000), executor, FailurePolicy.FAIL);

            Verdict admitted = admit(evaluator, kyverno(image, "https://github.com/acme/*"), image);
            Verdict denied = admit(evaluator, kyverno(image, "https://github.com/evil/*"), image);

            assertThat(admitted.allowed()).as(admitted.findings().toString()).isTrue();
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.findings()).singleElement().satisfies(finding -> assertThat(finding.cause()).contains("identity: subject"));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void admission_keylessAttestationsInBothLayouts_withConditions_admitTheExpectedBuilder_andDenyAnother() throws Exception {
        Repository repository = registry.uniqueRepository("keyless-attestations");
        RawManifest good = Images.pushRandom(client, repository, "good");
        RawManifest evil = Images.pushRandom(client, repository, "evil");
        var certificate = sigstore.certificate();
        String slsa = "https://slsa.dev/provenance/v0.2";
        byte[] goodStatement = KeylessAttestations.statement(repository.toString(), good.digest(), slsa,
                "{\"builder\":{\"id\":\"https://github.com/actions/runner\"}}");
        byte[] evilStatement = KeylessAttestations.statement(repository.toString(), evil.digest(), slsa, "{\"builder\":{\"id\":\"https://evil.example\"}}");
        KeylessAttestations.pushLegacy(client, repository, good.digest(), sigstore.attestImage(certificate, goodStatement, slsa, false));
        KeylessAttestations.pushBundle(client, repository, good, sigstore.signStatement(certificate, goodStatement).json(), slsa);
        KeylessAttestations.pushBundle(client, repository, evil, sigstore.signStatement(certificate, evilStatement).json(), slsa);
        ImageReference goodImage = ImageReference.of(repository, good.digest());
        String policy = kyvernoAttestation(goodImage, "https://github.com/acme/*", slsa);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(client, executor), new PublicKeys(Map.of()),
                    new VerdictCache(Duration.ofMinutes(1), 1000), executor, FailurePolicy.FAIL);

            Verdict admitted = admit(evaluator, policy, goodImage);
            Verdict denied = admit(evaluator, policy, ImageReference.of(repository, evil.digest()));
            Verdict otherSigner = admit(evaluator, kyvernoAttestation(goodImage, "https://github.com/evil/*", slsa), goodImage);

            assertThat(admitted.allowed()).as(admitted.findings().toString()).isTrue();
            assertThat(admitted.findings()).singleElement().satisfies(finding -> assertThat(finding.cause()).contains("2 statements meet the conditions"));
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.findings()).singleElement().satisfies(finding -> assertThat(finding.cause()).contains("saw \"https://evil.example\""));
            assertThat(otherSigner.allowed()).isFalse();
            assertThat(otherSigner.findings()).singleElement().satisfies(finding -> assertThat(finding.cause()).contains("identity: subject"));
        } finally {
            executor.shutdownNow();
        }
    }

    /** The same keyless entry as an {@code attestations} entry's attestor, with a builder condition. */
    private static String kyvernoAttestation(ImageReference image, String subject, String type) throws CertificateEncodingException {
        String rule = kyverno(image, subject);
        String entry = rule.substring(rule.indexOf("      attestors:\n"));
        return rule.substring(0, rule.indexOf("      attestors:\n")) + "      attestations:\n      - type: " + type + "\n"
                + entry.replace("\n  ", "\n    ").replaceFirst("^      attestors:", "        attestors:")
                + "        conditions:\n        - all:\n          - key: '{{ builder.id }}'\n            operator: Equals\n"
                + "            value: https://github.com/actions/runner\n";
    }

    private static Verdict admit(PolicyEvaluator evaluator, String policy, ImageReference image) {
        PolicyRepository policies = new PolicyRepository();
        PolicyRepository.Update update = policies.put("p", Policies.document(policy), "p.yaml");
        assertThat(update.problem()).isEmpty();
        return evaluator.evaluate(new AdmissionSubject("Pod", "default", Map.of()),
                List.of(new PodSpecs.ContainerImage(image.toString(), "c", "/spec/containers/0/image")), policies.current(), Duration.ofSeconds(20));
    }

    private static String kyverno(ImageReference image, String subject) throws CertificateEncodingException {
        StringBuilder roots = new StringBuilder();
        for (X509Certificate certificate : sigstore.chain()) {
            roots.append(PemKeys.encode("CERTIFICATE", certificate.getEncoded()));
        }
        return "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  validationFailureAction: Enforce\n  rules:\n"
                + "  - name: r\n    match: {any: [{resources: {kinds: [Pod]}}]}\n    verifyImages:\n"
                + "    - imageReferences: ['" + image.repository() + "*']\n      attestors:\n      - entries:\n        - keyless:\n"
                + "            subject: '" + subject + "'\n            issuer: " + TestSigstore.DEFAULT_ISSUER + "\n"
                + "            roots: " + quoted(roots.toString()) + "\n"
                + "            rekor: {url: 'https://rekor.test', pubkey: " + quoted(PemKeys.publicKeyPem(sigstore.rekor().publicKey())) + "}\n"
                + "            ctlog: {pubkey: " + quoted(PemKeys.publicKeyPem(sigstore.ctLog().publicKey())) + "}\n";
    }

    private static String quoted(String pem) {
        return "\"" + pem.replace("\n", "\\n") + "\"";
    }
}

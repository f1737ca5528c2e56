package dev.signet.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.json.Json;
import dev.signet.keys.SigningKey;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signature.AttestationLayers;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.TextMatch;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.sigstore.FulcioCertificate;
import dev.signet.testing.sigstore.KeylessAttestations;
import dev.signet.testing.sigstore.LegacySignature;
import dev.signet.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, keyless evidence: in-toto attestations signed with a Fulcio certificate from the test Sigstore stack, in
 * cosign v2's {@code .att} layout (envelope blob, certificate and Rekor-bundle annotations, an {@code intoto} 0.0.2
 * entry) and cosign v3's bundle referrer ({@code dsse} 0.0.1 entry, inclusion proof), verified against a
 * {@link KeylessTrust}; each negative is refused by the check a denial must name, and no claim of an unverified
 * envelope is read.
 */
class KeylessAttestationVerifierTest {
    private static final String SLSA = "https://slsa.dev/provenance/v1";

    private final TestSigstore sigstore = TestSigstore.create();
    private final TrustedRoot root = TrustedRoot.parse(sigstore.trustedRootJson().getBytes(StandardCharsets.UTF_8), "test stack");
    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final Repository repository = Repository.parse("registry.test/acme/app");
    private final RawManifest image = registry.pushRandomImage(repository, "v1");
    private final FulcioCertificate signer = sigstore.certificate();

    private KeylessTrust trust(String subject, boolean requireTlog) {
        return new KeylessTrust("--certificate-identity", root, List.of(new IdentityMatcher(TextMatch.exact(subject), TextMatch.exact(TestSigstore.DEFAULT_ISSUER))),
                requireTlog, true);
    }

    private AttestationResult verify(KeylessTrust trust, String predicateType) {
        return new AttestationVerifier(registry).verify(ImageReference.of(repository, image.digest()), AttestationVerifier.Trust.keyless(List.of(trust)),
                predicateType);
    }

    private byte[] statement(Digest about, String predicateType) {
        return KeylessAttestations.statement(repository.toString(), about, predicateType, "{\"builder\":{\"id\":\"https://github.com/actions/runner\"}}");
    }

    private void attestInBothLayouts(byte[] statement) {
        KeylessAttestations.pushLegacy(registry, repository, image.digest(), sigstore.attestImage(signer, statement, SLSA));
        KeylessAttestations.pushBundle(registry, repository, image, sigstore.signStatement(signer, statement).json(), SLSA);
    }

    @Test
    void bothLayouts_verifyForTheIdentity_namingTheChecksAndTheSigner() {
        attestInBothLayouts(statement(image.digest(), SLSA));

        AttestationResult result = verify(trust(TestSigstore.DEFAULT_SAN, true), SLSA);

        assertThat(result.outcome()).as(result.summary()).isEqualTo(AttestationResult.Outcome.VERIFIED);
        assertThat(result.checks()).extracting(AttestationCheck::layout).containsExactly(SignatureLayout.BUNDLE, SignatureLayout.LEGACY);
        assertThat(result.checks()).allSatisfy(check -> {
            assertThat(check.status()).as(check.detail()).isEqualTo(AttestationCheck.Status.VERIFIED);
            assertThat(check.evidence()).get().isInstanceOfSatisfying(Evidence.Keyless.class, keyless -> {
                assertThat(keyless.identity().subject()).isEqualTo(TestSigstore.DEFAULT_SAN);
                assertThat(keyless.trusts()).containsExactly("--certificate-identity");
                assertThat(keyless.checks()).containsExactly("signature", "tlog", "chain", "sct", "identity");
            });
            assertThat(check.statement().orElseThrow().predicate().path("builder").path("id").asText()).isEqualTo("https://github.com/actions/runner");
        });
    }

    @Test
    void legacyLayer_loggedAsRekorStoresIntoto_withoutThePayload_verifies() {
        byte[] statement = statement(image.digest(), SLSA);
        KeylessAttestations.pushLegacy(registry, repository, image.digest(), sigstore.attestImage(signer, statement, SLSA, false));
        KeylessAttestations.pushBundle(registry, repository, image, sigstore.signStatement(signer, statement, TestSigstore.DsseEntry.INTOTO).json(), SLSA);

        AttestationResult result = verify(trust(TestSigstore.DEFAULT_SAN, true), SLSA);

        assertThat(result.checks()).hasSize(2).allSatisfy(check -> assertThat(check.status()).as(check.detail()).isEqualTo(AttestationCheck.Status.VERIFIED));
    }

    @Test
    void anotherIdentity_verifiesNone_andSaysTheIdentityCheckFailed() {
        attestInBothLayouts(statement(image.digest(), SLSA));

        AttestationResult result = verify(trust("https://github.com/evil/app/.github/workflows/x.yml@refs/heads/main", true), SLSA);

        assertThat(result.outcome()).isEqualTo(AttestationResult.Outcome.NO_MATCHING_ATTESTATION);
        assertThat(result.checks()).hasSize(2).allSatisfy(check -> {
            assertThat(check.status()).isEqualTo(AttestationCheck.Status.NO_MATCHING_KEY);
            assertThat(check.detail()).contains("identity: subject " + TestSigstore.DEFAULT_SAN + " does not match");
            assertThat(check.statement()).isEmpty();
        });
    }

    @Test
    void anotherPredicateType_isVerifiedEvidenceButTheWrongType() {
        attestInBothLayouts(statement(image.digest(), SLSA));

        AttestationResult result = verify(trust(TestSigstore.DEFAULT_SAN, true), "https://spdx.dev/Document");

        assertThat(result.outcome()).isEqualTo(AttestationResult.Outcome.NO_MATCHING_PREDICATE_TYPE);
        assertThat(result.checks()).hasSize(2).allSatisfy(check -> {
            assertThat(check.status()).isEqualTo(AttestationCheck.Status.WRONG_PREDICATE_TYPE);
            assertThat(check.detail()).contains("signed by " + TestSigstore.DEFAULT_SAN).contains("but of type \"" + SLSA + "\"");
        });
    }

    @Test
    void aStatementAboutAnotherDigest_isADigestMismatch() {
        attestInBothLayouts(statement(Digest.parse("sha256:" + "0".repeat(64)), SLSA));

        AttestationResult result = verify(trust(TestSigstore.DEFAULT_SAN, true), SLSA);

        assertThat(result.checks()).hasSize(2).allSatisfy(check -> {
            assertThat(check.status()).isEqualTo(AttestationCheck.Status.DIGEST_MISMATCH);
            assertThat(check.detail()).contains("no subject is " + image.digest());
        });
    }

    @Test
    void aTamperedEnvelope_isRefusedByTheSignatureCheck_inBothLayouts() throws Exception {
        byte[] statement = statement(image.digest(), SLSA);
        byte[] other = statement(image.digest(), SLSA).clone();
        String forged = new String(other, StandardCharsets.UTF_8).replace("actions/runner", "evil/builder");
        LegacySignature legacy = sigstore.attestImage(signer, statement, SLSA);
        ObjectNode envelope = (ObjectNode) Json.mapper().readTree(legacy.payload());
        envelope.put("payload", Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8)));
        KeylessAttestations.pushLegacy(registry, repository, image.digest(),
                new LegacySignature(envelope.toString().getBytes(StandardCharsets.UTF_8), legacy.annotations(), legacy.entry()));
        ObjectNode bundle = sigstore.signStatement(signer, statement).toJson();
        ((ObjectNode) bundle.path("dsseEnvelope")).put("payload", Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8)));
        KeylessAttestations.pushBundle(registry, repository, image, bundle.toString().getBytes(StandardCharsets.UTF_8), SLSA);

        AttestationResult result = verify(trust(TestSigstore.DEFAULT_SAN, true), SLSA);

        assertThat(result.outcome()).isEqualTo(AttestationResult.Outcome.NO_MATCHING_ATTESTATION);
        assertThat(result.checks()).hasSize(2).allSatisfy(check -> {
            assertThat(check.detail()).contains("signature: the signature does not verify with the certificate's key");
            assertThat(check.statement()).isEmpty();
        });
    }

    @Test
    void aLegacyLayerWithoutItsRekorBundle_isRefusedWhenTheLogIsRequired_andPassesWhenWaived() {
        LegacySignature logged = sigstore.attestImage(signer, statement(image.digest(), SLSA), SLSA);
        Map<String, String> annotations = new HashMap<>(logged.annotations());
        annotations.remove(CosignAnnotations.BUNDLE);
        KeylessAttestations.pushLegacy(registry, repository, image.digest(), new LegacySignature(logged.payload(), annotations, logged.entry()));

        AttestationResult required = verify(trust(TestSigstore.DEFAULT_SAN, true), SLSA);
        AttestationResult waived = verify(trust(TestSigstore.DEFAULT_SAN, false), SLSA);

        assertThat(required.outcome()).isEqualTo(AttestationResult.Outcome.NO_MATCHING_ATTESTATION);
        assertThat(required.checks()).singleElement().satisfies(check ->
                assertThat(check.detail()).contains("transparency log: the signature carries no transparency-log entry"));
        assertThat(waived.outcome()).isEqualTo(AttestationResult.Outcome.VERIFIED);
        assertThat(waived.verified()).singleElement().satisfies(check -> assertThat(check.detail()).doesNotContain("tlog"));
    }

    @Test
    void aLegacyLayerWhoseRekorEntryLogsAnotherEnvelope_isRefusedByTheLogCheck() {
        LegacySignature first = sigstore.attestImage(signer, statement(image.digest(), SLSA), SLSA);
        LegacySignature second = sigstore.attestImage(signer, statement(image.digest(), "https://example.com/other"), SLSA);
        Map<String, String> annotations = new HashMap<>(first.annotations());
        annotations.put(CosignAnnotations.BUNDLE, second.annotations().get(CosignAnnotations.BUNDLE));
        KeylessAttestations.pushLegacy(registry, repository, image.digest(), new LegacySignature(first.payload(), annotations, second.entry()));

        AttestationResult result = verify(trust(TestSigstore.DEFAULT_SAN, true), SLSA);

        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(AttestationCheck.Status.NO_MATCHING_KEY);
            assertThat(check.detail()).contains("transparency log:");
        });
    }

    @Test
    void keysAndKeylessTogether_eachAttestationNamesWhatVouchedForIt() {
        SigningKey alice = SigningKey.generate("alice");
        KeylessAttestations.pushBundle(registry, repository, image, sigstore.signStatement(signer, statement(image.digest(), SLSA)).json(), SLSA);
        new AttestationSigner(registry, Clock.systemUTC()).attest(new AttestationRequest(ImageReference.of(repository, image.digest()), alice,
                SLSA, "{}".getBytes(StandardCharsets.UTF_8), SignatureLayout.LEGACY, false));

        AttestationResult result = new AttestationVerifier(registry).verify(ImageReference.of(repository, image.digest()),
                new AttestationVerifier.Trust(List.of(alice.verificationKey()), List.of(trust(TestSigstore.DEFAULT_SAN, true))), SLSA);

        assertThat(result.verified()).hasSize(2);
        assertThat(result.verified()).extracting(check -> check.evidence().orElseThrow().describe())
                .containsExactly("keyless " + TestSigstore.DEFAULT_SAN + " (issuer " + TestSigstore.DEFAULT_ISSUER
                        + ") (signature, tlog, chain, sct, identity)", "key alice");
    }

    @Test
    void aKeySignedAttestation_isNoKeylessOne() {
        SigningKey alice = SigningKey.generate("alice");
        new AttestationSigner(registry, Clock.systemUTC()).attest(new AttestationRequest(ImageReference.of(repository, image.digest()), alice,
                SLSA, "{}".getBytes(StandardCharsets.UTF_8), SignatureLayout.BUNDLE, false));

        AttestationResult result = verify(trust(TestSigstore.DEFAULT_SAN, true), SLSA);

        assertThat(result.checks()).singleElement().satisfies(check -> {
            assertThat(check.status()).isEqualTo(AttestationCheck.Status.NO_MATCHING_KEY);
            assertThat(check.detail()).contains("signed with a key, not a Fulcio certificate");
        });
    }

    @Test
    void theLayerAnnotationsPredicateType_isNotTrusted_theStatementDecides() {
        LegacySignature attestation = sigstore.attestImage(signer, statement(image.digest(), "https://example.com/other"), SLSA);
        assertThat(attestation.annotations()).containsEntry(AttestationLayers.PREDICATE_TYPE, SLSA);
        KeylessAttestations.pushLegacy(registry, repository, image.digest(), attestation);

        AttestationResult result = verify(trust(TestSigstore.DEFAULT_SAN, true), SLSA);

        assertThat(result.checks()).singleElement().extracting(AttestationCheck::status).isEqualTo(AttestationCheck.Status.WRONG_PREDICATE_TYPE);
    }
}

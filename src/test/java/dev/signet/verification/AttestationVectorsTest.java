package dev.signet.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Digests;
import dev.signet.reference.Digest;
import dev.signet.signature.DsseEnvelope;
import dev.signet.signature.InTotoStatement;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignedStatement;
import dev.signet.signature.SigstoreBundle;
import dev.signet.testing.Vectors;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attestation vectors in {@code vectors/attestations/cases.tsv}, each checked as the verifier checks a stored
 * attestation (signature over PAE, payload type, subject digest, predicate type): real cosign-made DSSE envelopes
 * and Sigstore bundles, and the negatives made from them. Where cosign's own test holds the same envelope, the
 * verdict is cosign's (see the README there).
 */
class AttestationVectorsTest {
    private static final String DIR = "attestations/";

    record Case(String name, String file, String key, Digest digest, String predicateType, AttestationCheck.Status status, String statement) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Vectors.rows(DIR + "cases.tsv", 8).stream().map(row -> {
            Case c = new Case(row[0], row[1], row[2], Digest.parse(row[3]), row[4], AttestationCheck.Status.valueOf(row[5]), row[6]);
            return Arguments.of(c);
        });
    }

    private static boolean isBundle(String file) {
        return file.endsWith(".sigstore.json");
    }

    private static AttestationCheck check(Case c) {
        byte[] bytes = Vectors.bytes(DIR + c.file());
        DsseEnvelope envelope = isBundle(c.file()) ? SigstoreBundle.parse(bytes, c.file()).envelope() : DsseEnvelope.parse(bytes, c.file());
        List<VerificationKey> keys = PemKeys.parsePublicKeys(Vectors.text(DIR + c.key()), c.key());
        SignatureLayout layout = isBundle(c.file()) ? SignatureLayout.BUNDLE : SignatureLayout.LEGACY;
        try {
            return AttestationVerifier.check(layout, c.file(), Digests.sha256(bytes), envelope, c.digest(), keys, c.predicateType());
        } catch (SignatureFormatException e) {
            // a signed payload that is no in-toto statement: the verifier reports the attestation as MALFORMED
            return new AttestationCheck(layout, c.file(), Digests.sha256(bytes), AttestationCheck.Status.MALFORMED, Optional.empty(),
                    Optional.empty(), Optional.empty(), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void check_vector_reachesTheRecordedVerdict(Case c) {
        AttestationCheck check = check(c);

        assertThat(check.status()).as(check.detail()).isEqualTo(c.status());
        if (c.status() == AttestationCheck.Status.MALFORMED) {
            assertThat(check.detail()).contains("is not in-toto Statement v0.1 or v1");
        } else if (c.status() == AttestationCheck.Status.NO_MATCHING_KEY || c.status() == AttestationCheck.Status.WRONG_PAYLOAD_TYPE) {
            // claims of an envelope no key vouches for, or of a payload that is not in-toto, are never read
            assertThat(check.statement()).isEmpty();
        } else {
            InTotoStatement statement = check.statement().orElseThrow();
            assertThat(statement.type()).isEqualTo("V1".equals(c.statement()) ? InTotoStatement.V1 : InTotoStatement.V01);
            assertThat(statement.names(c.digest())).isEqualTo(c.status() != AttestationCheck.Status.DIGEST_MISMATCH);
            assertThat(check.evidence()).isPresent();
        }
    }

    @Test
    void cases_coverEveryEnvelopeAndBundleFile() throws Exception {
        Path root = Path.of(AttestationVectorsTest.class.getResource("/vectors/" + DIR + "cases.tsv").toURI()).getParent();
        List<String> listed = Vectors.rows(DIR + "cases.tsv", 8).stream().map(row -> row[1]).toList();
        List<String> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(f -> f.toString().endsWith(".json")).map(f -> root.relativize(f).toString().replace('\\', '/')).toList();
        }

        // every envelope and bundle copied here gets a verdict; the Kyverno code-review pair is AttestationIT's
        assertThat(files).hasSizeGreaterThan(20);
        assertThat(listed).containsAll(files.stream().filter(f -> !f.startsWith("kyverno-cosign1/codereview")).toList());
    }

    @Test
    void envelope_withSeveralSignatures_keepsThemAllInOrder() {
        DsseEnvelope envelope = DsseEnvelope.parse(Vectors.bytes(DIR + "multi-signature-cosign-second.json"), "multi");
        DsseEnvelope cosigns = DsseEnvelope.parse(Vectors.bytes(DIR + "cosign-attest-blob/slsa-provenance.json"), "cosign");

        assertThat(envelope.signatures()).extracting(DsseEnvelope.Signature::keyId).containsExactly("other", "");
        assertThat(envelope.signatures().get(1).sig()).isEqualTo(cosigns.signatures().get(0).sig());
        assertThat(envelope.payload()).isEqualTo(cosigns.payload());
    }

    @Test
    void bundle_statementV1_isReadOnlyThroughItsSignature() {
        VerificationKey signer = PemKeys.parsePublicKeys(Vectors.text(DIR + "sigstore-conformance/signer.pub"), "signer").get(0);
        VerificationKey cosign = PemKeys.parsePublicKeys(Vectors.text(DIR + "cosign-attest-blob/cosign.pub"), "cosign").get(0);
        SigstoreBundle bundle = SigstoreBundle.parse(Vectors.bytes(DIR + "sigstore-conformance/happy-path-intoto-in-dsse-v3.sigstore.json"), "v1");
        SigstoreBundle tampered = SigstoreBundle.parse(Vectors.bytes(DIR + "negative/conformance-v1-statement-tampered.sigstore.json"), "tampered");

        SignedStatement statement = bundle.verifiedStatement(signer).orElseThrow();

        assertThat(statement.predicateType()).isEqualTo("https://slsa.dev/provenance/v1");
        assertThat(statement.names(Digest.parse("sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"))).isTrue();
        assertThat(bundle.verifiedStatement(cosign)).isEmpty();
        assertThat(tampered.verifiedStatement(signer)).isEmpty();
    }

    @Test
    void bundle_signedStatementOfUnknownType_isRefusedAsAnImageSignatureToo() {
        // sigstore-conformance: "verification must not interpret unknown statement semantics as Statement/v1"
        for (String name : List.of("dsse-statement-unknown-type_fail", "dsse-statement-missing-type_fail")) {
            String base = DIR + "sigstore-conformance/key/" + name;
            VerificationKey key = PemKeys.parsePublicKeys(Vectors.text(base + ".pub"), name).get(0);
            SigstoreBundle bundle = SigstoreBundle.parse(Vectors.bytes(base + ".sigstore.json"), name);

            assertThatThrownBy(() -> bundle.verifiedStatement(key)).as(name)
                    .isInstanceOf(SignatureFormatException.class)
                    .hasMessageContaining("is not an in-toto statement");
        }
    }

    @Test
    void policyControllerFixture_isNotWhatItsCertificateKeySigned() throws Exception {
        // policy-controller's validator test stubs cosign's verification, so its vuln envelope was never checked
        // there: the signature does not verify under the Fulcio leaf the test pairs it with, and the Rekor entry the
        // test carries logs another payload hash than this payload's
        byte[] bytes = Vectors.bytes(DIR + "policy-controller/distroless-static-vuln.json");
        DsseEnvelope envelope = DsseEnvelope.parse(bytes, "pc");
        VerificationKey leaf = PemKeys.parsePublicKeys(Vectors.text(DIR + "policy-controller/leaf.pub"), "leaf").get(0);
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Vectors.bytes(DIR + "policy-controller/leaf.pem")));

        assertThat(certificate.getPublicKey().getEncoded()).isEqualTo(PemKeys.decodeOne(Vectors.text(DIR + "policy-controller/leaf.pub"), "leaf").der());
        assertThat(Digests.sha256(bytes).hex()).isEqualTo("01bd6aec99ad7c5d045d9aab649fd95b7af2b3b23887d34d7fce8b2e3c38ca0e");
        assertThat(Digests.sha256(envelope.payload()).hex()).isNotEqualTo("c1b5f0f4b8ecd55eda250cd84964d0c1fb5d7a8a348f4b7ffb7daa2e06c48373");
        assertThat(envelope.verifiedBy(leaf)).isFalse();
    }
}

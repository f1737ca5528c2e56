package dev.signet.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.testing.Vectors;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The frozen mock-Sigstore run (vectors/keyless/mock, npm {@code @sigstore/mock} 0.12.1 + {@code @sigstore/sign}
 * 4.1.1, accepted by {@code @sigstore/verify}): each bundle verifies against the run's own root with its identity, and
 * is refused against the public-good root, with another SAN and over other bytes. Its inclusion proofs are for entry
 * 0, which protobuf JSON writes by leaving {@code logIndex} out.
 */
class MockSigstoreVectorsTest {
    private static final String SAN = "https://github.com/acme/signet-demo/.github/workflows/release.yml@refs/heads/main";
    private static final String ISSUER = "https://token.actions.githubusercontent.com";

    private static SigstoreVerifier.Verified verify(String bundle, String artifact, TrustedRoot root, String san) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Vectors.bytes("keyless/mock/" + artifact));
        return SigstoreVerifier.verifyBundle(BundleDocument.parse(Vectors.bytes("keyless/mock/" + bundle), bundle), Optional.of(digest), root,
                new SigstoreVerifier.Expectation.Identities(List.of(new IdentityMatcher(TextMatch.exact(san), TextMatch.exact(ISSUER)))),
                SigstoreVerifier.Requirements.ALL, Instant.now(), bundle);
    }

    private static TrustedRoot mockRoot() {
        return TrustedRoot.parse(Vectors.bytes("keyless/mock/trusted_root.json"), "mock");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "dsse-intoto.sigstore.json, subject.bin, 'signature, timestamp, tlog, chain, sct, identity'",
        "dsse-intoto-rekor-intoto.sigstore.json, subject.bin, 'signature, tlog, chain, sct, identity'",
        "simplesigning.sigstore.json, simplesigning.payload.json, 'signature, tlog, chain, sct, identity'"})
    void mockBundle_verifiesWithItsRootAndIdentity_andNotOtherwise(String bundle, String artifact, String checks) throws Exception {
        SigstoreVerifier.Verified verified = verify(bundle, artifact, mockRoot(), SAN);

        assertThat(String.join(", ", verified.checks())).isEqualTo(checks);
        assertThat(verified.identity()).hasValueSatisfying(identity -> assertThat(identity.subject()).isEqualTo(SAN));
        assertThatThrownBy(() -> verify(bundle, artifact, TrustedRoot.production(), SAN))
                .isInstanceOfSatisfying(SigstoreException.class, e -> assertThat(e.check()).isIn(SigstoreException.Check.TIMESTAMP, SigstoreException.Check.TLOG));
        assertThatThrownBy(() -> verify(bundle, artifact, mockRoot(), SAN.replace("acme", "evil")))
                .isInstanceOfSatisfying(SigstoreException.class, e -> assertThat(e.check()).isEqualTo(SigstoreException.Check.IDENTITY));
        String other = artifact.equals("subject.bin") ? "simplesigning.payload.json" : "subject.bin";
        assertThatThrownBy(() -> verify(bundle, other, mockRoot(), SAN))
                .isInstanceOfSatisfying(SigstoreException.class, e -> assertThat(e.check()).isEqualTo(SigstoreException.Check.ARTIFACT));
    }
}

package dev.signet.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.testing.sigstore.SignedBundle;
import dev.signet.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A trusted root remembers the signatures that verified (the bundle's own, its SET, checkpoint and SCT) so that the same
 * bundle verifies again without an ECDSA check; remembering must never change an answer: a copy whose SET or signature
 * was swapped for another is refused by the same root right after the original passed.
 */
class SignatureMemoTest {
    private final TestSigstore sigstore = TestSigstore.create();
    private final TrustedRoot root = TrustedRoot.parse(sigstore.trustedRootJson().getBytes(StandardCharsets.UTF_8), "the test stack's root");
    private final SigstoreVerifier.Expectation anyone = new SigstoreVerifier.Expectation.Identities(
            List.of(new IdentityMatcher(TextMatch.exact(TestSigstore.DEFAULT_SAN), TextMatch.exact(TestSigstore.DEFAULT_ISSUER))));

    private SigstoreVerifier.Verified verify(SignedBundle bundle, byte[] artifact) throws Exception {
        return SigstoreVerifier.verifyBundle(BundleDocument.parse(bundle.json(), "bundle"), Optional.of(MessageDigest.getInstance("SHA-256").digest(artifact)),
                root, anyone, SigstoreVerifier.Requirements.ALL, Instant.now(), "bundle");
    }

    @Test
    void theSameBundle_verifiesAgain_andCopiesWithAnotherSetOrSignature_areStillRefused() throws Exception {
        byte[] artifact = "artifact".getBytes(StandardCharsets.UTF_8);
        SignedBundle original = sigstore.signMessage(sigstore.certificate(), artifact);
        SignedBundle other = sigstore.signMessage(original.signer(), "other".getBytes(StandardCharsets.UTF_8));

        assertThat(verify(original, artifact).checks()).contains("signature", "tlog", "sct");
        assertThat(verify(original, artifact).checks()).as("again, from memory").contains("signature", "tlog", "sct");

        SignedBundle swappedSet = original.withEntry(original.entry().withSignedEntryTimestamp(other.entry().signedEntryTimestamp()));
        assertThatThrownBy(() -> verify(swappedSet, artifact)).isInstanceOf(SigstoreException.class)
                .satisfies(e -> assertThat(((SigstoreException) e).check()).isEqualTo(SigstoreException.Check.TLOG));
        SignedBundle swappedSignature = other.withEntry(original.entry());
        assertThatThrownBy(() -> verify(swappedSignature, artifact)).as("the other bundle's signature over this artifact")
                .isInstanceOf(SigstoreException.class);
    }
}

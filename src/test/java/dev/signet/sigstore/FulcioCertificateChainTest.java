package dev.signet.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.testing.sigstore.TestSigstore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The chain check's memory of verified certificate signatures: a signature remembered as verified by one CA must never
 * count as verified by another CA that merely shares its name. CAs are re-keyed under the same subject; with two such
 * CAs in one trusted root, a certificate issued by the one outside its window must not pass as issued by the one
 * inside it.
 */
class FulcioCertificateChainTest {
    private final Clock clock = Clock.systemUTC();
    /** Two stacks whose root CAs have the same subject ("CN=sigstore,O=signet.test") and different keys. */
    private final TestSigstore retired = TestSigstore.create(clock, false, 0);
    private final TestSigstore current = TestSigstore.create(clock, false, 0);

    private TrustedRoot rootTrusting(Instant retiredUntil) {
        X509Certificate retiredCa = retired.fulcio().root();
        X509Certificate currentCa = current.fulcio().root();
        assertThat(retiredCa.getSubjectX500Principal()).as("same name, another key").isEqualTo(currentCa.getSubjectX500Principal());
        return new TrustedRoot("two CAs of one name", List.of(
                new TrustedRoot.CertificateAuthority("https://retired", List.of(retiredCa), new ValidFor(Instant.EPOCH, Optional.of(retiredUntil))),
                new TrustedRoot.CertificateAuthority("https://current", List.of(currentCa), new ValidFor(Instant.EPOCH, Optional.empty()))),
                List.of(), List.of(), List.of());
    }

    @Test
    void aCertificateOfTheRetiredCa_neverPassesAsTheCurrentOnes_evenAfterItsSignatureVerifiedOnce() {
        X509Certificate leaf = retired.certificate().certificate();
        Instant issued = leaf.getNotBefore().toInstant();
        Instant now = issued.plusSeconds(5);
        TrustedRoot root = rootTrusting(issued.plusSeconds(2));
        FulcioCertificate certificate = FulcioCertificate.parse(der(leaf), "leaf");

        // the retired CA's signature verifies (and is remembered), but that CA is not trusted now; the current CA
        // never signed it
        assertThatThrownBy(() -> certificate.verifyChain(root, now)).isInstanceOf(SigstoreException.class)
                .satisfies(e -> assertThat(((SigstoreException) e).check()).isEqualTo(SigstoreException.Check.CHAIN));
        assertThatThrownBy(() -> certificate.verifyChain(root, now)).as("asked again, with the signature remembered")
                .isInstanceOf(SigstoreException.class);
        assertThat(certificate.verifyChain(root, issued.plusSeconds(1)).uri()).as("inside the retired CA's window").isEqualTo("https://retired");
    }

    @Test
    void aCertificateOfTheCurrentCa_passesUnderIt() {
        X509Certificate leaf = current.certificate().certificate();
        Instant issued = leaf.getNotBefore().toInstant();

        assertThat(FulcioCertificate.parse(der(leaf), "leaf").verifyChain(rootTrusting(issued.plusSeconds(2)), issued.plusSeconds(5)).uri())
                .isEqualTo("https://current");
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }
}

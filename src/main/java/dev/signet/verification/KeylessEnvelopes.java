package dev.signet.verification;

import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.signature.DsseEnvelope;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SigstoreBundle;
import dev.signet.sigstore.BundleDocument;
import dev.signet.sigstore.SignedContent;
import dev.signet.sigstore.SigstoreException;
import dev.signet.sigstore.SigstoreVerifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The keyless half of attestation checking: a DSSE envelope signed with a Fulcio certificate, checked by
 * {@link SigstoreVerifier} (signature over PAE, timestamps, log entry over the envelope, chain at the signing time,
 * SCT, identity) against every {@link KeylessTrust} asked about. Only the certificate check lives here; the claims
 * (payload type, subject digest, predicate type) are read afterwards, as for keys, by {@link AttestationVerifier}.
 */
final class KeylessEnvelopes {

    private KeylessEnvelopes() {
    }

    /**
     * What the keyless checks found: the evidence and the certificate's key (to read the statement through), or the
     * status and detail of the failure.
     */
    record Outcome(Optional<Evidence.Keyless> evidence, Optional<VerificationKey> certificateKey, AttestationCheck.Status failure, String detail) {
        static Outcome failed(AttestationCheck.Status status, String detail) {
            return new Outcome(Optional.empty(), Optional.empty(), status, detail);
        }
    }

    /** A legacy {@code .att} layer: the envelope blob with the layer's certificate, bundle and timestamp annotations. */
    static Outcome layer(Descriptor layer, DsseEnvelope envelope, Collection<KeylessTrust> trusts, Instant now, String location) {
        Map<String, String> annotations = layer.annotations() == null ? Map.of() : layer.annotations();
        SigstoreVerifier.Evidence evidence;
        try {
            SignedContent.Envelope content = new SignedContent.Envelope(envelope.payloadType(), envelope.payload(),
                    envelope.signatures().stream().map(DsseEnvelope.Signature::sig).toList());
            evidence = SigstoreVerifier.Evidence.fromCosignAttestationLayer(annotations, content, location);
        } catch (SigstoreException e) {
            return Outcome.failed(AttestationCheck.Status.MALFORMED, e.getMessage());
        }
        return check(evidence, trusts, now, location);
    }

    /** A Sigstore bundle referrer whose content is a DSSE envelope. */
    static Outcome bundle(SigstoreBundle bundle, Collection<KeylessTrust> trusts, Instant now, String location) {
        SigstoreVerifier.Evidence evidence;
        try {
            evidence = SigstoreVerifier.Evidence.of(BundleDocument.parse(bundle.bytes(), location));
        } catch (SigstoreException | SignatureFormatException e) {
            return Outcome.failed(AttestationCheck.Status.MALFORMED, e.getMessage());
        }
        return check(evidence, trusts, now, location);
    }

    private static Outcome check(SigstoreVerifier.Evidence evidence, Collection<KeylessTrust> trusts, Instant now, String location) {
        if (evidence.certificate().isEmpty()) {
            return Outcome.failed(AttestationCheck.Status.NO_MATCHING_KEY, "signed with a key, not a Fulcio certificate");
        }
        List<String> satisfied = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        SigstoreVerifier.Verified verified = null;
        for (KeylessTrust trust : trusts) {
            try {
                SigstoreVerifier.Verified one = SigstoreVerifier.verify(evidence, trust.root(), new SigstoreVerifier.Expectation.Identities(trust.identities()),
                        new SigstoreVerifier.Requirements(trust.requireTlog(), trust.requireSct()), now, location);
                verified = verified == null ? one : verified;
                satisfied.add(trust.name());
            } catch (SigstoreException e) {
                if (e.check() == SigstoreException.Check.FORMAT) {
                    return Outcome.failed(AttestationCheck.Status.MALFORMED, e.getMessage());
                }
                failures.add(e.getMessage());
            }
        }
        if (verified == null) {
            String why = failures.stream().distinct().limit(2).collect(Collectors.joining("; "));
            return Outcome.failed(AttestationCheck.Status.NO_MATCHING_KEY, why.isEmpty() ? "no keyless trust given" : why);
        }
        Evidence.Keyless keyless = new Evidence.Keyless(verified.identity().orElseThrow(), satisfied, verified.checks());
        return new Outcome(Optional.of(keyless), Optional.of(evidence.certificate().get().key()), AttestationCheck.Status.VERIFIED, "");
    }
}

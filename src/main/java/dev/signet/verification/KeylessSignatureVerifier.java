package dev.signet.verification;

import dev.signet.reference.Digest;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignedStatement;
import dev.signet.signature.SimpleSigningPayload;
import dev.signet.sigstore.FulcioCertificate;
import dev.signet.sigstore.SigstoreException;
import dev.signet.sigstore.SigstoreVerifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks stored signatures against keyless trust (STYLE.md §9: the certificate-based verifier beside
 * {@link KeySignatureVerifier}), in both cosign layouts: a {@code .sig} layer's certificate, chain, Rekor bundle and
 * timestamp annotations, and a Sigstore bundle referrer. The evidence is checked by {@link SigstoreVerifier} before any
 * claim is read; the claims then count exactly as a key-verified signature's (the payload or statement must name the
 * image digest). A failed check says which check failed and why.
 */
public final class KeylessSignatureVerifier implements SignatureVerifier<KeylessTrust> {
    private final Clock clock;

    public KeylessSignatureVerifier() {
        this(Clock.systemUTC());
    }

    /** @param clock "now", used only when a trust waives the log and no timestamp gives a signing time */
    public KeylessSignatureVerifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<SignatureCheck> check(FoundSignatures found, Collection<KeylessTrust> trusted) {
        List<SignatureCheck> checks = new ArrayList<>(found.signatures().size());
        for (StoredSignature signature : found.signatures()) {
            checks.add(check(signature, found.image(), trusted));
        }
        return checks;
    }

    private SignatureCheck check(StoredSignature stored, Digest image, Collection<KeylessTrust> trusted) {
        StoredSignature.Content content = stored.content();
        if (content instanceof StoredSignature.Unreadable unreadable) {
            return outcome(stored, SignatureCheck.Status.MALFORMED, Map.of(), unreadable.detail(), null);
        }
        SigstoreVerifier.Evidence evidence;
        try {
            evidence = stored.sigstoreEvidence();
        } catch (SigstoreException | SignatureFormatException e) {
            return outcome(stored, SignatureCheck.Status.MALFORMED, Map.of(), e.getMessage(), null);
        }
        if (evidence.certificate().isEmpty()) {
            return outcome(stored, SignatureCheck.Status.NO_MATCHING_KEY, Map.of(), "signed with a key, not a Fulcio certificate", null);
        }
        String failure = "no keyless trust given";
        for (KeylessTrust trust : trusted) {
            SigstoreVerifier.Verified verified;
            try {
                verified = SigstoreVerifier.verify(evidence, trust.root(), new SigstoreVerifier.Expectation.Identities(trust.identities()),
                        new SigstoreVerifier.Requirements(trust.requireTlog(), trust.requireSct()), clock.instant(), stored.location());
            } catch (SigstoreException e) {
                failure = e.getMessage();
                if (e.check() == SigstoreException.Check.FORMAT) {
                    return outcome(stored, SignatureCheck.Status.MALFORMED, Map.of(), failure, null);
                }
                continue;
            }
            return judge(stored, evidence.certificate().get(), verified, image, trust);
        }
        return outcome(stored, SignatureCheck.Status.NO_MATCHING_KEY, Map.of(), failure, null);
    }

    /** Reads the claims of verified evidence: the payload or statement must name the image, as with keys. */
    private static SignatureCheck judge(StoredSignature stored, FulcioCertificate certificate, SigstoreVerifier.Verified verified, Digest image,
            KeylessTrust trust) {
        String by = "signed by " + verified.identity().map(Object::toString).orElse("?") + " (keyless, " + trust.name() + ": "
                + String.join(", ", verified.checks()) + waived(trust) + ")";
        try {
            if (stored.content() instanceof StoredSignature.Layer layer) {
                SimpleSigningPayload payload = SimpleSigningPayload.parse(layer.signature().payload(), stored.location());
                Map<String, String> claims = payload.optional() == null ? Map.of() : payload.optional();
                if (!payload.digest().equals(image)) {
                    return outcome(stored, SignatureCheck.Status.DIGEST_MISMATCH, claims, by + " but the payload names " + payload.digest(), null);
                }
                return outcome(stored, SignatureCheck.Status.VERIFIED, claims, by, layer.signature().payload());
            }
            var bundle = ((StoredSignature.Bundle) stored.content()).bundle();
            Optional<SignedStatement> statement = bundle.verifiedStatement(certificate.key());
            if (statement.isEmpty()) {
                return outcome(stored, SignatureCheck.Status.NO_MATCHING_KEY, Map.of(), "the envelope does not verify with the certificate's key", null);
            }
            if (!BundleFormat.COSIGN_SIGN_PREDICATE.equals(statement.get().predicateType())) {
                return outcome(stored, SignatureCheck.Status.WRONG_PREDICATE, statement.get().annotations(),
                        by + " but predicate type " + statement.get().predicateType() + " is not a cosign signature", null);
            }
            if (!statement.get().names(image)) {
                return outcome(stored, SignatureCheck.Status.DIGEST_MISMATCH, statement.get().annotations(),
                        by + " but the statement names " + statement.get().subjects(), null);
            }
            return outcome(stored, SignatureCheck.Status.VERIFIED, statement.get().annotations(), by, bundle.envelope().payload());
        } catch (SignatureFormatException e) {
            return outcome(stored, SignatureCheck.Status.MALFORMED, Map.of(), by + " but " + e.getMessage(), null);
        }
    }

    private static String waived(KeylessTrust trust) {
        if (trust.requireTlog() && trust.requireSct()) {
            return "";
        }
        return "; not required: " + (trust.requireTlog() ? "" : "tlog") + (!trust.requireTlog() && !trust.requireSct() ? ", " : "")
                + (trust.requireSct() ? "" : "sct");
    }

    private static SignatureCheck outcome(StoredSignature stored, SignatureCheck.Status status, Map<String, String> claims, String detail, byte[] payload) {
        return new SignatureCheck(stored.layout(), stored.location(), stored.digest(), status, Optional.empty(), claims, detail, payload);
    }
}

package dev.signet.verification;

import dev.signet.keys.VerificationKey;
import dev.signet.reference.Digest;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignedStatement;
import dev.signet.signature.SimpleSigningPayload;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks stored signatures against public keys: a {@code .sig} layer's signature over its exact payload bytes, a
 * bundle's DSSE signature over PAE. A signature is tried with each key until one verifies, so the cost is that of
 * the signatures found, whatever the number of keys that might have made them. Claims are read only after the
 * signature verified. Only statements with cosign's sign predicate count as signatures: cosign itself accepts any
 * predicate, so an attestation made with the same key would pass as a signature there; Signet is stricter.
 */
public final class KeySignatureVerifier implements SignatureVerifier<VerificationKey> {

    /**
     * What one key makes of a stored signature: what it verified (a payload, a statement), or empty when the key did not
     * make it; a signature that proves unreadable on the way is malformed.
     */
    @FunctionalInterface
    private interface Trial<T> {
        Optional<T> verifiedWith(VerificationKey key);
    }

    @Override
    public List<SignatureCheck> check(FoundSignatures found, Collection<VerificationKey> keys) {
        List<SignatureCheck> checks = new ArrayList<>(found.signatures().size());
        for (StoredSignature signature : found.signatures()) {
            checks.add(check(signature, found.image(), keys));
        }
        return checks;
    }

    private static SignatureCheck check(StoredSignature stored, Digest image, Collection<VerificationKey> keys) {
        StoredSignature.Content content = stored.content();
        if (content instanceof StoredSignature.Unreadable unreadable) {
            return new SignatureCheck(stored.layout(), stored.location(), stored.digest(), SignatureCheck.Status.MALFORMED, Optional.empty(),
                    Map.of(), unreadable.detail());
        }
        boolean layer = content instanceof StoredSignature.Layer;
        Trial<Object> trial = layer
                ? key -> ((StoredSignature.Layer) content).signature().verifiedPayload(key).map(Object.class::cast)
                : key -> ((StoredSignature.Bundle) content).bundle().verifiedStatement(key).map(Object.class::cast);
        for (VerificationKey key : keys) {
            Optional<Object> verified;
            try {
                verified = trial.verifiedWith(key);
            } catch (SignatureFormatException e) {
                return new SignatureCheck(stored.layout(), stored.location(), stored.digest(), SignatureCheck.Status.MALFORMED, Optional.of(key),
                        Map.of(), e.getMessage());
            }
            if (verified.isPresent()) {
                byte[] signedBytes = layer ? ((StoredSignature.Layer) content).signature().payload()
                        : ((StoredSignature.Bundle) content).bundle().envelope().payload();
                return verified.get() instanceof SimpleSigningPayload payload ? judge(stored, key, payload, image, signedBytes)
                        : judge(stored, key, (SignedStatement) verified.get(), image, signedBytes);
            }
        }
        return new SignatureCheck(stored.layout(), stored.location(), stored.digest(), SignatureCheck.Status.NO_MATCHING_KEY, Optional.empty(),
                Map.of(), layer ? "no key verifies this signature" : "no key verifies this bundle");
    }

    private static SignatureCheck judge(StoredSignature stored, VerificationKey key, SimpleSigningPayload payload, Digest image, byte[] signed) {
        Map<String, String> claims = payload.optional() == null ? Map.of() : payload.optional();
        if (!payload.digest().equals(image)) {
            return check(stored, SignatureCheck.Status.DIGEST_MISMATCH, key, claims, "the payload names " + payload.digest(), null);
        }
        return check(stored, SignatureCheck.Status.VERIFIED, key, claims, null, signed);
    }

    private static SignatureCheck judge(StoredSignature stored, VerificationKey key, SignedStatement statement, Digest image, byte[] signed) {
        if (!BundleFormat.COSIGN_SIGN_PREDICATE.equals(statement.predicateType())) {
            return check(stored, SignatureCheck.Status.WRONG_PREDICATE, key, statement.annotations(),
                    "predicate type " + statement.predicateType() + " is not a cosign signature", null);
        }
        if (!statement.names(image)) {
            return check(stored, SignatureCheck.Status.DIGEST_MISMATCH, key, statement.annotations(), "the statement names " + statement.subjects(),
                    null);
        }
        return check(stored, SignatureCheck.Status.VERIFIED, key, statement.annotations(), null, signed);
    }

    /** A check by {@code key}: "signed by KEY", and why it does not count when it does not. */
    private static SignatureCheck check(StoredSignature stored, SignatureCheck.Status status, VerificationKey key, Map<String, String> claims, String but,
            byte[] signed) {
        String detail = "signed by " + key.name() + (but == null ? "" : " but " + but);
        return new SignatureCheck(stored.layout(), stored.location(), stored.digest(), status, Optional.of(key), claims, detail, signed);
    }
}

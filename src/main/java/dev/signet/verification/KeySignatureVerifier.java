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

    @Override
    public List<SignatureCheck> check(FoundSignatures found, Collection<VerificationKey> keys) {
        List<SignatureCheck> checks = new ArrayList<>(found.signatures().size());
        for (StoredSignature signature : found.signatures()) {
            checks.add(check(signature, found.image(), keys));
        }
        return checks;
    }

    private static SignatureCheck check(StoredSignature stored, Digest image, Collection<VerificationKey> keys) {
        if (stored instanceof StoredSignature.Legacy legacy) {
            return legacy(legacy, image, keys);
        }
        if (stored instanceof StoredSignature.Bundle bundle) {
            return bundle(bundle, image, keys);
        }
        StoredSignature.Unreadable unreadable = (StoredSignature.Unreadable) stored;
        return malformed(unreadable, Optional.empty(), unreadable.detail());
    }

    private static SignatureCheck legacy(StoredSignature.Legacy stored, Digest image, Collection<VerificationKey> keys) {
        for (VerificationKey key : keys) {
            Optional<SimpleSigningPayload> verified;
            try {
                verified = stored.signature().verifiedPayload(key);
            } catch (SignatureFormatException e) {
                return malformed(stored, Optional.of(key), e.getMessage());
            }
            if (verified.isPresent()) {
                SimpleSigningPayload payload = verified.get();
                Map<String, String> claims = payload.optional() == null ? Map.of() : payload.optional();
                if (!payload.digest().equals(image)) {
                    return check(stored, SignatureCheck.Status.DIGEST_MISMATCH, key, claims, "signed by " + key.name() + " but the payload names " + payload.digest());
                }
                return check(stored, SignatureCheck.Status.VERIFIED, key, claims, "signed by " + key.name());
            }
        }
        return noMatchingKey(stored, "no key verifies this signature");
    }

    private static SignatureCheck bundle(StoredSignature.Bundle stored, Digest image, Collection<VerificationKey> keys) {
        for (VerificationKey key : keys) {
            Optional<SignedStatement> verified;
            try {
                verified = stored.bundle().verifiedStatement(key);
            } catch (SignatureFormatException e) {
                return malformed(stored, Optional.empty(), e.getMessage());
            }
            if (verified.isPresent()) {
                SignedStatement statement = verified.get();
                if (!BundleFormat.COSIGN_SIGN_PREDICATE.equals(statement.predicateType())) {
                    return check(stored, SignatureCheck.Status.WRONG_PREDICATE, key, statement.annotations(),
                            "signed by " + key.name() + " but predicate type " + statement.predicateType() + " is not a cosign signature");
                }
                if (!statement.names(image)) {
                    return check(stored, SignatureCheck.Status.DIGEST_MISMATCH, key, statement.annotations(),
                            "signed by " + key.name() + " but the statement names " + statement.subjects());
                }
                return check(stored, SignatureCheck.Status.VERIFIED, key, statement.annotations(), "signed by " + key.name());
            }
        }
        return noMatchingKey(stored, "no key verifies this bundle");
    }

    private static SignatureCheck check(StoredSignature stored, SignatureCheck.Status status, VerificationKey key, Map<String, String> claims, String detail) {
        return new SignatureCheck(stored.layout(), stored.location(), stored.digest(), status, Optional.of(key), claims, detail);
    }

    private static SignatureCheck noMatchingKey(StoredSignature stored, String detail) {
        return new SignatureCheck(stored.layout(), stored.location(), stored.digest(), SignatureCheck.Status.NO_MATCHING_KEY, Optional.empty(), Map.of(), detail);
    }

    private static SignatureCheck malformed(StoredSignature stored, Optional<VerificationKey> key, String detail) {
        return new SignatureCheck(stored.layout(), stored.location(), stored.digest(), SignatureCheck.Status.MALFORMED, key, Map.of(), detail);
    }
}

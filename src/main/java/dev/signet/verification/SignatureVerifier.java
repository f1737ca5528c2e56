package dev.signet.verification;

import java.util.Collection;
import java.util.List;

/**
 * Checks stored signatures against one kind of trust material (STYLE.md §9: one verifier per kind of evidence behind
 * this port). {@link KeySignatureVerifier} trusts public keys; certificate-based kinds join it with their own material.
 *
 * @param <T> the trust material: a public key, a trusted root
 */
public interface SignatureVerifier<T> {

    /**
     * One check per stored signature, in the order found: whether any of {@code trusted} vouches for it, over its
     * exact bytes, for the image digest. Failures are data; an exception means the check itself could not run.
     */
    List<SignatureCheck> check(FoundSignatures found, Collection<T> trusted);
}

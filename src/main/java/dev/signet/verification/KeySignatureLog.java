package dev.signet.verification;

import dev.signet.keys.VerificationKey;
import dev.signet.signature.SignatureFormatException;
import dev.signet.sigstore.SigstoreException;
import dev.signet.sigstore.SigstoreVerifier;
import dev.signet.sigstore.TrustedRoot;
import java.util.Optional;

/**
 * The transparency-log check of a signature made with a key, for a policy entry that asks for one (Kyverno's
 * {@code keys.rekor}): the signature's own Rekor evidence (a {@code .sig} layer's {@code dev.sigstore.cosign/bundle}
 * SET, a bundle's tlog entries with their inclusion proofs and checkpoints) must verify under the root's log keys and
 * log this very signature and key (the entry's body), offline. The key check itself ({@link KeySignatureVerifier}) is
 * made before and apart, on the payload, so RSA and Ed25519 keys work too: this only answers whether the log vouches
 * for it. Call it only for a signature that key verified.
 *
 * <p>The same goes for RFC 3161 timestamps, for an entry that asks for them instead (policy-controller's
 * {@code rfc3161timestamp} on a key authority): {@link #untimestamped}.
 */
public final class KeySignatureLog {
    private KeySignatureLog() {
    }

    /**
     * Why the stored signature, made with {@code key}, has no log entry that verifies under {@code root}; empty when it
     * has one.
     */
    public static Optional<String> problem(StoredSignature stored, VerificationKey key, TrustedRoot root) {
        if (stored.content() instanceof StoredSignature.Unreadable unreadable) {
            return Optional.of(unreadable.detail());
        }
        try {
            // the signature itself was verified with the key by KeySignatureVerifier, with the payload in hand
            SigstoreVerifier.verifyLogged(stored.sigstoreEvidence(), root, key, stored.location());
            return Optional.empty();
        } catch (SigstoreException | SignatureFormatException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Why the stored signature has no RFC 3161 timestamp, or one that does not verify under {@code root}'s timestamp
     * authorities; empty when every timestamp it carries verifies and there is at least one.
     */
    public static Optional<String> untimestamped(StoredSignature stored, TrustedRoot root) {
        if (stored.content() instanceof StoredSignature.Unreadable unreadable) {
            return Optional.of(unreadable.detail());
        }
        try {
            SigstoreVerifier.verifyTimestamped(stored.sigstoreEvidence(), root, stored.location());
            return Optional.empty();
        } catch (SigstoreException | SignatureFormatException e) {
            return Optional.of(e.getMessage());
        }
    }
}

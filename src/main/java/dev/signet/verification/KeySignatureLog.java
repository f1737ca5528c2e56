package dev.signet.verification;

import dev.signet.keys.VerificationKey;
import dev.signet.signature.SignatureFormatException;
import dev.signet.sigstore.BundleDocument;
import dev.signet.sigstore.SigstoreException;
import dev.signet.sigstore.SigstoreVerifier;
import dev.signet.sigstore.TrustedRoot;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The transparency-log check of a signature made with a key, for a policy entry that asks for one (Kyverno's
 * {@code keys.rekor}): the signature's own Rekor evidence (a {@code .sig} layer's {@code dev.sigstore.cosign/bundle}
 * SET, a bundle's tlog entries with their inclusion proofs and checkpoints) must verify under the root's log keys and
 * log this very signature and key (the entry's body), offline. The key check itself ({@link KeySignatureVerifier}) is
 * made before and apart, on the payload, so RSA and Ed25519 keys work too: this only answers whether the log vouches
 * for it. Call it only for a signature that key verified.
 */
public final class KeySignatureLog {
    private KeySignatureLog() {
    }

    /**
     * Why the stored signature, made with {@code key}, has no log entry that verifies under {@code root}; empty when it
     * has one.
     */
    public static Optional<String> problem(StoredSignature stored, VerificationKey key, TrustedRoot root) {
        SigstoreVerifier.Evidence evidence;
        try {
            if (stored.content() instanceof StoredSignature.Layer layer) {
                evidence = SigstoreVerifier.Evidence.fromCosignLayer(layer.signature().annotations(),
                        HexFormat.of().parseHex(layer.signature().payloadDigest().hex()), layer.signature().signature(), stored.location());
            } else if (stored.content() instanceof StoredSignature.Bundle bundle) {
                evidence = SigstoreVerifier.Evidence.of(BundleDocument.parse(bundle.bundle().bytes(), stored.location()));
            } else {
                return Optional.of(((StoredSignature.Unreadable) stored.content()).detail());
            }
            // the signature itself was verified with the key by KeySignatureVerifier, with the payload in hand
            SigstoreVerifier.verifyLogged(evidence, root, key, stored.location());
            return Optional.empty();
        } catch (SigstoreException | SignatureFormatException e) {
            return Optional.of(e.getMessage());
        }
    }
}

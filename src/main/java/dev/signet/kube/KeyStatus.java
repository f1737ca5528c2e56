package dev.signet.kube;

import dev.signet.Reason;
import dev.signet.SignetException;
import dev.signet.keys.VerificationKey;

/**
 * Whether a key could be loaded, for readiness checks: a value, never an exception. {@code detail} is safe to
 * show: the key's hint (base64 SHA-256 of its public key) when loaded, else the error message.
 *
 * @param keyRef the reference asked about, {@code k8s://namespace/name}
 * @param loaded whether the private key decrypted with its stored password
 * @param reason why not; null when loaded
 * @param detail the key hint when loaded, else what went wrong
 */
public record KeyStatus(String keyRef, boolean loaded, Reason reason, String detail) {

    static KeyStatus loaded(String keyRef, VerificationKey key) {
        return new KeyStatus(keyRef, true, null, "hint " + key.hint());
    }

    static KeyStatus failed(String keyRef, SignetException failure) {
        return new KeyStatus(keyRef, false, failure.reason(), failure.getMessage());
    }

    /** Whether the failure may pass by itself (the API server was unreachable), so a probe should not give up. */
    public boolean isTransient() {
        return reason != null && reason.isTransient();
    }
}

package dev.signet.keys;

import dev.signet.Reason;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where keys live, named for the role: files under a directory (the embedded default), Kubernetes Secrets in the
 * cosign layout, or memory in tests. A key reference is {@code k8s://NAMESPACE/NAME} or a provider-specific name.
 *
 * <p>Implementations decrypt a private key once per key version (scrypt costs ~0.2 s and 64 MiB) and keep the
 * {@link SigningKey} in memory; a rotated key takes effect without a restart.
 */
public interface KeyProvider {

    /**
     * The private key named by {@code keyRef}, decrypted with its stored password.
     *
     * @throws KeyException KEY_NOT_FOUND, KEY_LOCKED (wrong password), KEY_MALFORMED or KEY_UNSUPPORTED
     */
    SigningKey signingKey(String keyRef);

    /**
     * The public key named by {@code keyRef} ({@code cosign.pub}).
     *
     * @throws KeyException KEY_NOT_FOUND or KEY_MALFORMED
     */
    VerificationKey verificationKey(String keyRef);

    /**
     * Registers {@code listener}, called with the reference of a stored key that changed or went away (a rotated or
     * deleted Secret), so that what was decided with the old key can be forgotten at once. Providers whose keys cannot
     * change underneath (memory) or that notice changes only when read (files) never call it.
     */
    default void onChange(Consumer<String> listener) {
    }

    /**
     * Why the public key served for {@code keyRef} may be out of date (its source failed since it was fetched, and the
     * last key stays in use), or empty. Only providers that keep keys fetched from elsewhere (KMS) ever say so.
     */
    default Optional<String> staleBecause(String keyRef) {
        return Optional.empty();
    }

    /** A provider with no keys at all: every lookup fails with KEY_NOT_FOUND, saying why and what to do. */
    static KeyProvider none(String cause, String hint) {
        return new KeyProvider() {
            @Override
            public SigningKey signingKey(String keyRef) {
                throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, cause, hint, null);
            }

            @Override
            public VerificationKey verificationKey(String keyRef) {
                throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, cause, hint, null);
            }
        };
    }
}

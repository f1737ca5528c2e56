package dev.signet.verification;

import dev.signet.keys.VerificationKey;

/**
 * What vouched for a checked attestation. A closed set (STYLE.md §9): key-based evidence now; keyless certificate
 * evidence (identity, chain, SCT, log entry) joins as another record, and every check over this type must then
 * handle it.
 */
public sealed interface Evidence permits Evidence.Key {

    /** A public key verified the DSSE signature. */
    record Key(VerificationKey key) implements Evidence {
    }

    /** A short name for messages. */
    default String describe() {
        if (this instanceof Key k) {
            return "key " + k.key().name();
        }
        throw new IllegalStateException("unknown evidence " + getClass().getSimpleName());
    }
}

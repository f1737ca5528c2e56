package dev.signet.verification;

import dev.signet.keys.VerificationKey;
import dev.signet.sigstore.CertificateIdentity;
import java.util.List;
import java.util.Objects;

/**
 * What vouched for a checked attestation. A closed set (STYLE.md §9): a public key, or a Fulcio certificate checked
 * against keyless trust (chain, SCT, log entry, identity); every check over this type handles both.
 */
public sealed interface Evidence permits Evidence.Key, Evidence.Keyless {

    /** A public key verified the DSSE signature. */
    record Key(VerificationKey key) implements Evidence {
    }

    /**
     * A Fulcio certificate verified the DSSE signature and the keyless checks held.
     *
     * @param identity who the certificate names
     * @param trusts the names of every {@link KeylessTrust} it satisfied (a policy entry's path, a CLI's flags), so
     *     each attestor that would accept it sees it, not only the first
     * @param checks the checks made, in order (signature, timestamp, tlog, chain, sct, identity)
     */
    record Keyless(CertificateIdentity identity, List<String> trusts, List<String> checks) implements Evidence {
        public Keyless {
            Objects.requireNonNull(identity, "identity");
            trusts = List.copyOf(trusts);
            checks = List.copyOf(checks);
            if (trusts.isEmpty()) {
                throw new IllegalArgumentException("keyless evidence satisfied at least one trust");
            }
        }

        /** Whether the trust named {@code name} accepted the certificate. */
        public boolean satisfies(String name) {
            return trusts.contains(name);
        }
    }

    /** A short name for messages. */
    default String describe() {
        if (this instanceof Key k) {
            return "key " + k.key().name();
        }
        Keyless keyless = (Keyless) this;
        return "keyless " + keyless.identity() + " (" + String.join(", ", keyless.checks()) + ")";
    }
}

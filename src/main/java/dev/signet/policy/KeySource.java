package dev.signet.policy;

import dev.signet.keys.VerificationKey;
import java.util.Objects;
import java.util.Optional;

/** Where an attestor's key comes from: inline in the policy (parsed at compile time) or a reference resolved at evaluation. */
public sealed interface KeySource {

    /** A PEM key written in the policy. */
    record Inline(VerificationKey key) implements KeySource {
        public Inline {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * A key named by reference: {@code k8s://NAMESPACE/NAME} (a Secret's {@code cosign.pub}, through the key provider's
     * informer) or a key name of the file key provider. Unresolvable at evaluation: that entry is {@code error}.
     *
     * @param digest the one digest its signatures must be made over ({@link VerificationKey#withDigest}), if the policy
     *     names one (policy-controller's {@code key.hashAlgorithm})
     */
    record Reference(String keyRef, Optional<String> digest) implements KeySource {
        public Reference {
            Objects.requireNonNull(keyRef, "keyRef");
            Objects.requireNonNull(digest, "digest");
        }

        public Reference(String keyRef) {
            this(keyRef, Optional.empty());
        }
    }
}

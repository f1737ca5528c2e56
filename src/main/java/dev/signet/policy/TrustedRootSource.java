package dev.signet.policy;

import dev.signet.sigstore.TrustedRoot;
import java.util.Objects;

/**
 * Where a keyless attestor's trusted root (Fulcio CAs, Rekor and CT log keys, timestamp authorities) comes from, as
 * {@link KeySource} says where a key comes from: built when the policy is compiled (the public-good root embedded in
 * Signet, or the attestor's own PEMs laid over it), or named by reference and resolved at evaluation through
 * {@link TrustedRoots}, like a key Secret. Unresolvable at evaluation: that entry is {@code error}.
 */
public sealed interface TrustedRootSource {

    /** How messages name the root. */
    String description();

    /** A root built at compile time: the public-good root, or one made from the policy's PEMs. */
    record Inline(TrustedRoot root) implements TrustedRootSource {
        public Inline {
            Objects.requireNonNull(root, "root");
        }

        @Override
        public String description() {
            return root.name();
        }
    }

    /** A root named by the policy (Signet's {@code keyless.trustedRootRef}), resolved at evaluation. */
    record Reference(String ref) implements TrustedRootSource {
        public Reference {
            Objects.requireNonNull(ref, "ref");
            if (ref.isBlank()) {
                throw new IllegalArgumentException("a trusted root reference names a root");
            }
        }

        @Override
        public String description() {
            return "trusted root " + ref;
        }
    }
}

package dev.signet.policy;

import java.util.Map;
import java.util.Objects;

/** One entry of an attestor set: a key, a nested set (AND-of-ORs), or a kind Signet cannot check (always {@code error}). */
public sealed interface Attestor {

    /** Where the entry is in the policy, e.g. {@code attestors[0].entries[1]}. */
    String path();

    /**
     * Passes when a signature on the digest verifies with the key, names the digest, and carries the entry's
     * required payload annotations (Kyverno's {@code entries[].annotations}).
     */
    record Key(String path, KeySource source, Map<String, String> annotations) implements Attestor {
        public Key {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(source, "source");
            annotations = Map.copyOf(annotations);
        }
    }

    /** A nested set: passes when the set does. */
    record Nested(String path, AttestorSet set) implements Attestor {
        public Nested {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(set, "set");
        }
    }

    /** Keyless, certificates, KMS: compiled so the rest of the policy works, evaluated as {@code error} (fail closed). */
    record Unsupported(String path, String what) implements Attestor {
        public Unsupported {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(what, "what");
        }
    }
}

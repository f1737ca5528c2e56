package dev.signet.policy;

import java.util.Map;
import java.util.Objects;

/**
 * Passes when a signature on the digest verifies with the key, names the digest, and carries the entry's required
 * payload annotations (Kyverno's {@code entries[].annotations}).
 *
 * @param requireTlog whether the policy asks for a Rekor transparency-log entry of the signature too, read by the one
 *     rule every kind of entry shares ({@link KeylessCompiler#evidence}): Kyverno asks for one unless
 *     {@code rekor.ignoreTlog: true}, Signet's own kinds only on {@code rekor.ignoreTlog: false}. Signet does not
 *     check Rekor entries of key signatures yet: the judge verifies with the key alone, and the compiler reports that
 *     relaxation when the policy loads. Kept here so that the judge can enforce it once the verifier can.
 */
public record KeyAttestor(String path, KeySource source, Map<String, String> annotations, boolean requireTlog) implements Attestor {

    public KeyAttestor {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
        annotations = Map.copyOf(annotations);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.key(this);
    }
}

package dev.signet.policy;

import java.util.Map;
import java.util.Objects;

/**
 * Passes when a signature on the digest verifies with the key, names the digest, and carries the entry's required
 * payload annotations (Kyverno's {@code entries[].annotations}).
 */
public record KeyAttestor(String path, KeySource source, Map<String, String> annotations) implements Attestor {

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

package dev.signet.policy;

import java.util.Objects;

/** A nested set (Kyverno's {@code entries[].attestor}): passes when the set does, so sets compose into AND-of-ORs. */
public record NestedAttestor(String path, AttestorSet set) implements Attestor {

    public NestedAttestor {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(set, "set");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.nested(this);
    }
}

package dev.signet.policy;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An attestor set: with no {@code count} every entry must pass, with {@code count: N} at least N entries must.
 *
 * @param path where the set is, e.g. {@code attestors[0]} or {@code attestors[0].entries[2].attestor}
 */
public record AttestorSet(String path, OptionalInt count, List<Attestor> entries) {

    public AttestorSet {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(count, "count");
        entries = List.copyOf(entries);
    }

    /** How many entries must pass. */
    public int required() {
        return count.orElse(entries.size());
    }
}

package dev.signet.policy;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Stream;

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

    /**
     * Every entry that is not itself a set, nested sets walked in place, in policy order: what code that picks out
     * one kind of entry (keys to resolve, references to watch) reads. Code that handles every kind visits instead.
     */
    public Stream<Attestor> leaves() {
        return entries.stream().flatMap(entry -> entry instanceof NestedAttestor nested ? nested.set().leaves() : Stream.of(entry));
    }

    /** How many entries must pass. */
    public int required() {
        return count.orElse(entries.size());
    }
}

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
     * Every entry that is not itself a set, nested sets (and the attestor sets of an {@link AttestationsAttestor}) walked
     * in place, in policy order: what code that picks out
     * one kind of entry (keys to resolve, references to watch) reads. Code that handles every kind visits instead.
     */
    public Stream<Attestor> leaves() {
        return entries.stream().flatMap(entry -> {
            if (entry instanceof NestedAttestor nested) {
                return nested.set().leaves();
            }
            if (entry instanceof AttestationsAttestor attestations) {
                // the evidence its attestations are checked with: their keys are resolved and their roots watched like any entry's
                return attestations.attestations().stream().flatMap(attestation -> attestation.attestors().stream()).flatMap(AttestorSet::leaves);
            }
            return Stream.of(entry);
        });
    }

    /** How many entries must pass. */
    public int required() {
        return count.orElse(entries.size());
    }
}

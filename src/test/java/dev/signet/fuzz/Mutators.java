package dev.signet.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** The mutators targets are built from, and ways to combine them. */
public final class Mutators {
    private Mutators() {
    }

    /** Format-blind havoc on bytes. */
    public static Mutator<byte[]> bytes() {
        return new ByteMutator();
    }

    /** Havoc on text, through its UTF-8 bytes (invalid sequences decode to U+FFFD). */
    public static Mutator<String> text() {
        return new ByteMutator().map(text -> text.getBytes(StandardCharsets.UTF_8), bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** Structure-aware JSON mutations, with byte havoc for what is not JSON. */
    public static Mutator<byte[]> json() {
        return new JsonMutator();
    }

    /** Structure-aware ASN.1 DER mutations. */
    public static Mutator<byte[]> der() {
        return new DerMutator();
    }

    /** PEM-aware mutations of the DER or JSON inside the blocks. */
    public static Mutator<byte[]> pem() {
        return new PemMutator();
    }

    /** PEM mutations on text. */
    public static Mutator<String> pemText() {
        return new PemMutator().map(text -> text.getBytes(StandardCharsets.UTF_8), bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** One of {@code mutators} per case, chosen uniformly. */
    @SafeVarargs
    public static <T> Mutator<T> oneOf(Mutator<T>... mutators) {
        List<Mutator<T>> all = List.of(mutators);
        return (seed, random, pool) -> all.get(random.nextInt(all.size())).mutate(seed, random, pool);
    }

    /** {@code first} with probability {@code weight}, else {@code second}. */
    public static <T> Mutator<T> either(double weight, Mutator<T> first, Mutator<T> second) {
        return (seed, random, pool) -> (random.nextDouble() < weight ? first : second).mutate(seed, random, pool);
    }

    /** Applies {@code mutator} once or a few times in a row, for mutants further from their seed. */
    public static <T> Mutator<T> stacked(Mutator<T> mutator) {
        return (seed, random, pool) -> {
            T out = seed;
            int rounds = 1 + (random.nextInt(3) == 0 ? random.nextInt(3) : 0);
            for (int i = 0; i < rounds; i++) {
                out = mutator.mutate(out, random, pool);
            }
            return out;
        };
    }

    /** A random draw, for targets that pick among choices themselves. */
    public static <T> T pick(List<T> choices, SplittableRandom random) {
        return choices.get(random.nextInt(choices.size()));
    }
}

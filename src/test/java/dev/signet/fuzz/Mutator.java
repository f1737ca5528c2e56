package dev.signet.fuzz;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Derives one hostile input from a seed. Must draw all its randomness from {@code random}, so that a case is
 * reproduced from the run's seed and its index alone.
 *
 * @param <T> the input type
 */
@FunctionalInterface
public interface Mutator<T> {

    /** A mutant of {@code seed}; {@code pool} holds every seed of the target, for crossover. */
    T mutate(T seed, SplittableRandom random, List<T> pool);

    /** This mutator over another representation, e.g. text mutations over UTF-8 bytes. */
    default <U> Mutator<U> map(Function<U, T> to, Function<T, U> from) {
        return (seed, random, pool) -> from.apply(mutate(to.apply(seed), random, pool.stream().map(to).toList()));
    }
}

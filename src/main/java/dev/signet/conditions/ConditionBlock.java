package dev.signet.conditions;

import java.util.List;
import java.util.Optional;

/**
 * One element of a {@code conditions} list: it holds when any of {@code any} holds (an {@code any} that is present
 * but empty never holds, as in Kyverno) and all of {@code all} hold.
 */
public record ConditionBlock(Optional<List<Condition>> any, List<Condition> all) {

    public ConditionBlock {
        any = any.map(List::copyOf);
        all = List.copyOf(all);
    }
}

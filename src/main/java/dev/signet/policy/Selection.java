package dev.signet.policy;

import java.util.List;

/**
 * A {@code match} or {@code exclude} block: it holds when any clause of {@code any} matches (or {@code any} is
 * empty) and every clause of {@code all} matches. An empty block in {@code match} matches everything; an empty
 * block in {@code exclude} excludes nothing.
 */
public record Selection(List<ResourceFilter> any, List<ResourceFilter> all) {

    public Selection {
        any = List.copyOf(any);
        all = List.copyOf(all);
    }

    public static Selection none() {
        return new Selection(List.of(), List.of());
    }

    public boolean isEmpty() {
        return any.isEmpty() && all.isEmpty();
    }

    boolean matches(AdmissionSubject subject) {
        return (any.isEmpty() || any.stream().anyMatch(filter -> filter.matches(subject)))
                && all.stream().allMatch(filter -> filter.matches(subject));
    }

    /** Whether a {@code match}/{@code exclude} pair selects the subject. */
    static boolean selects(Selection match, Selection exclude, AdmissionSubject subject) {
        return (match.isEmpty() || match.matches(subject)) && (exclude.isEmpty() || !exclude.matches(subject));
    }
}

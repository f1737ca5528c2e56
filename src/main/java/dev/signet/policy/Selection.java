package dev.signet.policy;

import java.util.List;

/**
 * A {@code match} or {@code exclude} block: it holds when any clause of {@code any} matches, or (when there is no
 * {@code any}, as in Kyverno, which reads {@code all} only then) every clause of {@code all} matches. An absent block
 * in {@code match} matches everything; an absent block in {@code exclude} excludes nothing. What Signet cannot
 * evaluate is settled towards enforcement ({@link Truth}): a {@code match} counts it as matching, an {@code exclude}
 * as not excluding.
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

    Truth test(AdmissionSubject subject) {
        if (!any.isEmpty()) {
            return any.stream().map(filter -> filter.test(subject)).reduce(Truth.FALSE, Truth::or);
        }
        return all.stream().map(filter -> filter.test(subject)).reduce(Truth.TRUE, Truth::and);
    }

    /** Whether a {@code match}/{@code exclude} pair selects the subject (Kyverno reads exclude only once match holds). */
    static boolean selects(Selection match, Selection exclude, AdmissionSubject subject) {
        boolean matched = match.isEmpty() || match.test(subject).orElse(true);
        return matched && (exclude.isEmpty() || !exclude.test(subject).orElse(false));
    }
}

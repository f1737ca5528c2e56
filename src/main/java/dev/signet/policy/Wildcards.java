package dev.signet.policy;

import dev.signet.conditions.Wildcard;

/**
 * Kyverno's wildcards in names, namespaces, kinds, labels, annotations and subjects: {@code *} any run of characters
 * (the empty one included), {@code ?} exactly one; every other character stands for itself: the conditions'
 * {@link Wildcard}, a greedy two-pointer walk, not a regular expression: the text is the requester's (a pod name, an
 * annotation value of up to 256 KiB), so the time is bounded by glob length times text length whatever the glob holds.
 */
final class Wildcards {

    private Wildcards() {
    }

    static boolean has(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    static boolean matches(String glob, String text) {
        return Wildcard.matches(glob, text);
    }
}

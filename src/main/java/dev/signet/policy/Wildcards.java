package dev.signet.policy;

/**
 * Kyverno's wildcards in names, namespaces, kinds, labels, annotations and subjects: {@code *} any run of characters
 * (the empty one included), {@code ?} exactly one; every other character stands for itself. Matched by the
 * greedy two-pointer walk, not a regular expression: the text is the requester's (a pod name, an annotation value of
 * up to 256 KiB), so the time is bounded by glob length times text length whatever the glob holds.
 */
final class Wildcards {

    private Wildcards() {
    }

    static boolean has(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    static boolean matches(String glob, String text) {
        int g = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || (glob.charAt(g) != '*' && glob.charAt(g) == text.charAt(t)))) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = t;
            } else if (star >= 0) {
                g = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}

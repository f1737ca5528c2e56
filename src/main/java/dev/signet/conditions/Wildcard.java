package dev.signet.conditions;

/**
 * Kyverno's wildcard match (ext/wildcard, IGLOU-EU/go-wildcard v1.0.3): {@code *} matches any run of characters,
 * {@code ?} exactly one, everything else itself. Greedy with one backtrack point, so O(pattern x text) at worst.
 * Public: Kyverno's match/exclude wildcards ({@code policy}) are the same function.
 */
public final class Wildcard {
    private Wildcard() {
    }

    public static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}

package dev.signet.conditions;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict semantic version ({@code MAJOR.MINOR.PATCH[-pre][+build]}, no leading {@code v}, no leading zeros), as
 * blang/semver v4's {@code Parse}, which Kyverno's GreaterThan and {@code semver_compare} use; ordered by semver 2.0
 * precedence (build metadata ignored).
 */
record SemanticVersion(BigInteger major, BigInteger minor, BigInteger patch, List<String> pre) implements Comparable<SemanticVersion> {
    private static final String NUMBER = "(0|[1-9][0-9]*)";
    private static final Pattern GRAMMAR = Pattern.compile(NUMBER + "\\." + NUMBER + "\\." + NUMBER
            + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

    static Optional<SemanticVersion> parse(String text) {
        if (text == null || text.length() > 256) {
            return Optional.empty();
        }
        Matcher m = GRAMMAR.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        // numeric pre-release identifiers must not have leading zeros either
        if (pre.stream().anyMatch(id -> id.matches("0[0-9]+"))) {
            return Optional.empty();
        }
        return Optional.of(new SemanticVersion(new BigInteger(m.group(1)), new BigInteger(m.group(2)), new BigInteger(m.group(3)), pre));
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int c = major.compareTo(other.major);
        c = c != 0 ? c : minor.compareTo(other.minor);
        c = c != 0 ? c : patch.compareTo(other.patch);
        if (c != 0) {
            return c;
        }
        if (pre.isEmpty() || other.pre.isEmpty()) {
            return Boolean.compare(pre.isEmpty(), other.pre.isEmpty());
        }
        for (int i = 0; i < Math.min(pre.size(), other.pre.size()); i++) {
            String a = pre.get(i);
            String b = other.pre.get(i);
            boolean an = a.chars().allMatch(Character::isDigit);
            boolean bn = b.chars().allMatch(Character::isDigit);
            int d = an && bn ? new BigInteger(a).compareTo(new BigInteger(b)) : an ? -1 : bn ? 1 : a.compareTo(b);
            if (d != 0) {
                return d;
            }
        }
        return Integer.compare(pre.size(), other.pre.size());
    }
}

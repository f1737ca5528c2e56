package dev.signet.sigstore;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a certificate's subject, issuer or extension is matched: exactly, by a regular expression that may match
 * anywhere in the value (Go's {@code regexp.MatchString}, which cosign's {@code --certificate-identity-regexp} and
 * Kyverno's {@code subjectRegExp} use: anchor it with {@code ^...$} to match the whole value), or by a Kyverno
 * wildcard ({@code *} any run, {@code ?} one character, over the whole value).
 */
public sealed interface TextMatch {

    boolean matches(String value);

    /** As a message says it, e.g. {@code "a@b.c"} or {@code regexp ^https://github.com/acme/}. */
    String describe();

    static TextMatch exact(String value) {
        return new Exact(value);
    }

    /** @throws IllegalArgumentException naming the syntax error */
    static TextMatch regexp(String expression) {
        try {
            return new Regexp(Pattern.compile(expression));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regular expression " + expression + " does not compile: " + e.getDescription(), e);
        }
    }

    /** A value with {@code *} or {@code ?} as a wildcard, any other as an exact match. */
    static TextMatch wildcardOrExact(String value) {
        return value.indexOf('*') >= 0 || value.indexOf('?') >= 0 ? new Wildcard(value) : new Exact(value);
    }

    record Exact(String value) implements TextMatch {
        public Exact {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean matches(String candidate) {
            return value.equals(candidate);
        }

        @Override
        public String describe() {
            return "\"" + value + "\"";
        }
    }

    record Regexp(Pattern pattern) implements TextMatch {
        public Regexp {
            Objects.requireNonNull(pattern, "pattern");
        }

        @Override
        public boolean matches(String candidate) {
            return pattern.matcher(candidate).find();
        }

        @Override
        public String describe() {
            return "regexp " + pattern.pattern();
        }
    }

    record Wildcard(String glob) implements TextMatch {
        public Wildcard {
            Objects.requireNonNull(glob, "glob");
        }

        @Override
        public boolean matches(String candidate) {
            return matches(glob, 0, candidate, 0);
        }

        private static boolean matches(String glob, int g, String value, int v) {
            int star = -1;
            int mark = 0;
            while (v < value.length()) {
                if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == value.charAt(v))) {
                    g++;
                    v++;
                } else if (g < glob.length() && glob.charAt(g) == '*') {
                    star = g++;
                    mark = v;
                } else if (star >= 0) {
                    g = star + 1;
                    v = ++mark;
                } else {
                    return false;
                }
            }
            while (g < glob.length() && glob.charAt(g) == '*') {
                g++;
            }
            return g == glob.length();
        }

        @Override
        public String describe() {
            return "wildcard " + glob;
        }
    }
}

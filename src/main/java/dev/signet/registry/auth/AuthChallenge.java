package dev.signet.registry.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge from a {@code WWW-Authenticate} header (RFC 9110 §11.6.1), e.g.
 * {@code Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull,push"}.
 * Quoted values may hold commas and backslash escapes, which is why this is a small tokenizer and not a split.
 *
 * @param scheme the auth scheme, lower-cased ({@code basic}, {@code bearer})
 * @param params parameters by lower-cased name
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Whether this asks for a bearer token from a token server. */
    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    /** Whether this asks for Basic credentials. */
    public boolean isBasic() {
        return scheme.equals("basic");
    }

    /** A parameter by name, any case. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The challenge to answer among all {@code WWW-Authenticate} values: Bearer if offered, else Basic. */
    public static Optional<AuthChallenge> select(List<String> headerValues) {
        List<AuthChallenge> all = new ArrayList<>();
        headerValues.forEach(value -> all.addAll(parse(value)));
        return all.stream().filter(AuthChallenge::isBearer).findFirst()
                .or(() -> all.stream().filter(AuthChallenge::isBasic).findFirst());
    }

    /** Every challenge in one header value; malformed tails are dropped, never thrown on. */
    public static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> challenges = new ArrayList<>();
        Cursor in = new Cursor(header == null ? "" : header);
        while (true) {
            in.skip(" \t,");
            String scheme = in.token();
            if (scheme.isEmpty()) {
                return challenges;
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                in.skip(" \t,");
                int mark = in.pos;
                String name = in.token();
                in.skip(" \t");
                if (name.isEmpty() || !in.take('=')) {
                    // not name=value: the start of the next challenge (or a token68 we have no use for)
                    in.pos = mark;
                    break;
                }
                in.skip(" \t");
                params.put(name.toLowerCase(Locale.ROOT), in.peek() == '"' ? in.quoted() : in.token());
            }
            // each round consumes a non-empty scheme or returns, so a malformed header cannot loop
            challenges.add(new AuthChallenge(scheme, params));
        }
    }

    /** A read position over the header text. */
    private static final class Cursor {
        private final String text;
        private int pos;

        Cursor(String text) {
            this.text = text;
        }

        char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        boolean take(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        void skip(String chars) {
            while (pos < text.length() && chars.indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        /** An RFC 9110 token: visible ASCII except separators. */
        String token() {
            int start = pos;
            while (pos < text.length() && isTokenChar(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        /** A quoted-string, unescaped; an unterminated one runs to the end. */
        String quoted() {
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < text.length() && text.charAt(pos) != '"') {
                char c = text.charAt(pos++);
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                value.append(c);
            }
            if (pos < text.length()) {
                pos++;
            }
            return value.toString();
        }

        private static boolean isTokenChar(char c) {
            return c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0;
        }
    }
}

package dev.signet.keys;

import dev.signet.SignetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bounded JSON reader for the encrypted-key envelope: objects, arrays, strings, integers and literals, nesting at
 * most {@value #MAX_DEPTH} deep. Keys are folded to lower case because cosign decodes the envelope with Go's
 * case-insensitive {@code encoding/json}. Anything else is rejected with {@link IllegalArgumentException}, which
 * the caller turns into a key error.
 */
final class EnvelopeJson {
    private static final int MAX_DEPTH = 8;
    private static final int MAX_LENGTH = 64 * 1024;

    private final String text;
    private int pos;

    private EnvelopeJson(String text) {
        this.text = text;
    }

    /** Parses a JSON object into nested maps, lists, strings, longs, booleans and nulls. */
    static Map<String, Object> parseObject(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("envelope larger than " + MAX_LENGTH + " bytes");
        }
        EnvelopeJson reader = new EnvelopeJson(text);
        reader.skipSpace();
        if (!reader.peek('{')) {
            throw new IllegalArgumentException("envelope is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) reader.value(0);
        reader.skipSpace();
        if (reader.pos != text.length()) {
            throw new IllegalArgumentException("trailing data after the JSON object at offset " + reader.pos);
        }
        return result;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH);
        }
        skipSpace();
        if (pos >= text.length()) {
            throw new IllegalArgumentException("JSON ends early");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return number();
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek('}')) {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (!peek('"')) {
                throw new IllegalArgumentException("expected a string key at offset " + pos);
            }
            String key = string().toLowerCase(Locale.ROOT);
            skipSpace();
            expect(':');
            map.put(key, value(depth + 1));
            skipSpace();
            if (peek(',')) {
                pos++;
            } else {
                expect('}');
                return map;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> list = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek(']')) {
            pos++;
            return list;
        }
        while (true) {
            list.add(value(depth + 1));
            skipSpace();
            if (peek(',')) {
                pos++;
            } else {
                expect(']');
                return list;
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("control character in a JSON string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char escaped = text.charAt(pos++);
            switch (escaped) {
                case '"': case '\\': case '/': out.append(escaped); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u':
                    if (pos + 4 > text.length()) {
                        throw new IllegalArgumentException("short \\u escape");
                    }
                    String hex = text.substring(pos, pos + 4);
                    if (!hex.chars().allMatch(h -> h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F')) {
                        // parseInt would also take signs and non-ASCII digits, and its message quotes the raw text
                        throw new IllegalArgumentException("bad \\u escape at offset " + pos);
                    }
                    out.append((char) Integer.parseInt(hex, 16));
                    pos += 4;
                    break;
                default:
                    throw new IllegalArgumentException("bad escape " + SignetException.quote("\\" + escaped));
            }
        }
        throw new IllegalArgumentException("unterminated JSON string");
    }

    private Long number() {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        // the envelope holds only small integers (scrypt parameters); fractions and 19+ digit values are refused
        if (pos == start || pos - start > 18 || (pos < text.length() && ".eE".indexOf(text.charAt(pos)) >= 0)) {
            throw new IllegalArgumentException("unexpected value at offset " + start);
        }
        return Long.parseLong(text.substring(start, pos));
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw new IllegalArgumentException("unexpected value at offset " + pos);
        }
        pos += word.length();
        return value;
    }

    private void skipSpace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw new IllegalArgumentException("expected '" + c + "' at offset " + pos);
        }
        pos++;
    }
}

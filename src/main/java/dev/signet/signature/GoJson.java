package dev.signet.signature;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;

/**
 * JSON as Go's {@code encoding/json} writes and reads it, since cosign's payloads and statements are Go structs.
 *
 * <p>Writing: strings are quoted exactly as Go does, so payloads Signet writes are byte-identical to cosign's:
 * {@code <}, {@code >} and {@code &} become backslash-u00XX escapes (Go's HTML-safe default), U+2028/U+2029 are
 * escaped, {@code \n \r \t} use short escapes, other control characters as backslash-u00XX, and everything else
 * (including non-ASCII) is written as is.
 *
 * <p>Reading ({@link #readStruct}): Go decodes an object into a struct member by member, in document order, and a
 * member whose name equals a field's name ignoring case (Go's {@code strings.EqualFold}: ASCII case, plus the Kelvin
 * sign for {@code k} and the long s for {@code s}) is decoded into that field. A later member for the same field
 * therefore wins, whether or not an earlier one matched exactly ("preferring an exact match" only picks between
 * two fields for one name; golang/go issues 14750, 43664). A tree parser that keeps one value per exact name, or
 * that prefers the exact name, reads another document than cosign does.
 */
final class GoJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char KELVIN = '\u212a';
    private static final char LONG_S = '\u017f';

    private GoJson() {
    }

    /** Decodes one member's value; the parser is at the value's first token, and must be left at its last. */
    @FunctionalInterface
    interface FieldReader {
        void read(String field, JsonParser parser) throws IOException;
    }

    /**
     * Walks the object the parser is at (its {@code START_OBJECT}) as Go fills a struct with {@code fields}: each member
     * that matches a field goes to {@code reader} under that field's name, in order; the others are skipped.
     */
    static void readStruct(JsonParser parser, List<String> fields, FieldReader reader) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            String field = match(name, fields);
            if (field == null) {
                parser.skipChildren();
            } else {
                reader.read(field, parser);
            }
        }
    }

    private static String match(String name, List<String> fields) {
        for (String field : fields) {
            if (field.equals(name)) {
                return field;
            }
        }
        for (String field : fields) {
            if (foldEquals(name, field)) {
                return field;
            }
        }
        return null;
    }

    /** Go's {@code strings.EqualFold} of a JSON name and an ASCII field name. */
    static boolean foldEquals(String name, String asciiField) {
        if (name.length() != asciiField.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char f = asciiField.charAt(i);
            if (c == f) {
                continue;
            }
            char lower = Character.toLowerCase(f);
            boolean letter = lower >= 'a' && lower <= 'z';
            boolean sameLetter = letter && c < 0x80 && Character.toLowerCase(c) == lower;
            if (!sameLetter && !(lower == 'k' && c == KELVIN) && !(lower == 's' && c == LONG_S)) {
                return false;
            }
        }
        return true;
    }

    static void quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

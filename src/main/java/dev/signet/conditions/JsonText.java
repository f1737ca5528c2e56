package dev.signet.conditions;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.jackson.JacksonRuntime;

/** JSON text read into a tree (through the JMESPath runtime's own reader), for values that hold JSON in strings. */
final class JsonText {
    private static final JacksonRuntime READER = new JacksonRuntime();
    // a condition value is a short literal; an attacker's megabyte array in a string is refused, not parsed
    private static final int MAX_LENGTH = 1024 * 1024;

    private JsonText() {
    }

    /** The parsed tree, or null when {@code text} is not JSON. */
    static JsonNode parse(String text) {
        if (text.length() > MAX_LENGTH || text.isBlank()) {
            return null;
        }
        try {
            return READER.parseString(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static boolean isValid(String text) {
        return parse(text) != null;
    }
}

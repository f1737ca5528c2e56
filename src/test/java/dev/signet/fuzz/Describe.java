package dev.signet.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/** Renders fuzz inputs for reports: text escaped as a Java literal, binary as hex, both cut to a readable length. */
public final class Describe {
    private static final int MAX_CHARS = 300;

    private Describe() {
    }

    /** Any input: bytes, text, maps and records of those. */
    public static String of(Object input) {
        if (input instanceof byte[] bytes) {
            return bytes(bytes);
        }
        if (input instanceof String text) {
            return text(text);
        }
        if (input instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((key, value) -> out.append(out.length() > 1 ? ", " : "").append(of(key)).append('=').append(of(value)));
            return out.append('}').toString();
        }
        return String.valueOf(input);
    }

    /** UTF-8 text when the bytes are that, else hex. */
    public static String bytes(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return bytes.length + " bytes, UTF-8 " + text(text);
        } catch (CharacterCodingException e) {
            int shown = Math.min(bytes.length, MAX_CHARS / 2);
            return bytes.length + " bytes, hex " + HexFormat.of().formatHex(bytes, 0, shown) + (shown < bytes.length ? "..." : "");
        }
    }

    /** A Java string literal, with everything outside printable ASCII escaped. */
    public static String text(String text) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
        return shown < text.length() ? out + "... (" + text.length() + " chars)" : out.toString();
    }
}

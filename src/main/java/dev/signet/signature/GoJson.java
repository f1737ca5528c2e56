package dev.signet.signature;

/**
 * String quoting exactly as Go's {@code encoding/json} does it, so payloads Signet writes are byte-identical to
 * cosign's: {@code <}, {@code >} and {@code &} become backslash-u00XX escapes (Go's HTML-safe default),
 * U+2028/U+2029 are escaped, {@code \n \r \t} use short escapes, other control characters as backslash-u00XX, and
 * everything else (including non-ASCII) is written as is.
 */
final class GoJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJson() {
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

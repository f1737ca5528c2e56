package dev.signet.reference;


/** The golden files under {@code vectors/reference} and the escapes their fields use. */
public final class ReferenceVectors {
    static final String VALID = "reference/valid.txt";
    static final String INVALID = "reference/invalid.txt";
    static final String NORMALISED = "reference/normalised.tsv";

    private ReferenceVectors() {
    }

    /** Resolves {@code \t \n \r \\ \\uXXXX}, so vector files can list whitespace and control characters. */
    public static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                out.append(c);
                continue;
            }
            char next = field.charAt(++i);
            switch (next) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    out.append((char) Integer.parseInt(field.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}

package dev.signet.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads the golden files under {@code vectors/reference}; a missing file is a failure, never a skip. */
final class Vectors {
    static final String VALID = "/vectors/reference/valid.txt";
    static final String INVALID = "/vectors/reference/invalid.txt";
    static final String NORMALISED = "/vectors/reference/normalised.tsv";

    private Vectors() {
    }

    /** The non-comment lines of a classpath resource. */
    static List<String> lines(String resource) {
        try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("vector file " + resource + " is missing from the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tab-separated rows of a resource; a row with another column count fails rather than being skipped. */
    static List<String[]> rows(String resource, int columns) {
        return lines(resource).stream().map(line -> {
            String[] fields = line.split("\t", -1);
            if (fields.length != columns) {
                throw new IllegalStateException(resource + ": expected " + columns + " columns in: " + line);
            }
            return fields;
        }).toList();
    }

    /** Resolves {@code \t \n \r \\ \\uXXXX}, so vector files can list whitespace and control characters. */
    static String unescape(String field) {
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

package dev.signet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads golden vectors from {@code src/test/resources/vectors}; a missing vector fails the test that wants it. */
public final class Vectors {
    private Vectors() {
    }

    /** The exact bytes of a vector, by path below {@code vectors/}. */
    public static byte[] bytes(String path) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + path)) {
            if (in == null) {
                throw new AssertionError("golden vector vectors/" + path + " is missing; vectors are never regenerated silently");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A vector as UTF-8 text. */
    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /** The non-blank, non-comment ({@code #}) lines of a text vector. */
    public static List<String> lines(String path) {
        return text(path).lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    /** The tab-separated rows of a vector; a row with another column count fails rather than being skipped. */
    public static List<String[]> rows(String path, int columns) {
        return lines(path).stream().map(line -> {
            String[] fields = line.split("\t", -1);
            if (fields.length != columns) {
                throw new AssertionError("vectors/" + path + ": expected " + columns + " columns in: " + line);
            }
            return fields;
        }).toList();
    }
}

package dev.signet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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
}

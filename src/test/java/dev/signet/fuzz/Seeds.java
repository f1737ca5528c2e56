package dev.signet.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Seed inputs from the test resources: the golden vectors and recorded fixtures that the unit tests pin, so every
 * mutant starts from something a real registry, cosign or Harbor wrote. A missing folder fails the run.
 */
public final class Seeds {
    private Seeds() {
    }

    /** Every file below the resource folder {@code folder} whose name ends with one of {@code suffixes}, by path. */
    public static List<byte[]> resources(String folder, String... suffixes) {
        return paths(folder, suffixes).stream().map(Seeds::read).toList();
    }

    /** The same as {@link #resources}, as UTF-8 text. */
    public static List<String> texts(String folder, String... suffixes) {
        return resources(folder, suffixes).stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList();
    }

    /** One resource's bytes, e.g. {@code vectors/keys/sigstore-label/cosign.key}. */
    public static byte[] resource(String path) {
        URL url = Seeds.class.getResource("/" + path);
        if (url == null) {
            throw new AssertionError("fuzz seed " + path + " is missing from the test resources");
        }
        try {
            return read(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One resource as UTF-8 text. */
    public static String text(String path) {
        return new String(resource(path), StandardCharsets.UTF_8);
    }

    static List<Path> paths(String folder, String... suffixes) {
        URL url = Seeds.class.getResource("/" + folder);
        if (url == null) {
            throw new AssertionError("fuzz seed folder " + folder + " is missing from the test resources");
        }
        try (Stream<Path> files = Files.walk(Path.of(url.toURI()))) {
            List<Path> found = files.filter(Files::isRegularFile)
                    .filter(path -> suffixes.length == 0 || Arrays.stream(suffixes).anyMatch(path.toString()::endsWith))
                    .sorted()
                    .toList();
            if (found.isEmpty()) {
                throw new AssertionError("fuzz seed folder " + folder + " has no " + String.join(" or ", suffixes) + " files");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

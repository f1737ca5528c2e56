package dev.signet.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An image glob as Kyverno's {@code imageReferences} and Signet's signing rules write them: {@code *} matches any
 * run of characters (slashes included, as Kyverno's wildcard does), {@code ?} one character, everything else itself.
 * A pattern is matched against the image as written and in its normalised forms ({@code registry/path},
 * {@code registry/path:tag}, {@code registry/path@digest}), so {@code ghcr.io/org/*} and {@code nginx:*} both work.
 */
public final class ImagePattern {
    private static final int MAX_LENGTH = 1024;

    private final String glob;

    private ImagePattern(String glob) {
        this.glob = glob;
    }

    /** Parses a glob; refuses empty, overlong or whitespace-bearing patterns. */
    public static ImagePattern parse(String glob) {
        Objects.requireNonNull(glob, "glob");
        if (glob.isEmpty() || glob.length() > MAX_LENGTH || glob.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new InvalidReferenceException(glob, "an image pattern must be 1 to " + MAX_LENGTH + " printable characters without spaces");
        }
        return new ImagePattern(glob);
    }

    /** Whether the image, in any of its written or normalised forms, matches. */
    public boolean matches(ImageReference image) {
        return candidates(image).stream().anyMatch(candidate -> matches(glob, candidate));
    }

    /**
     * Wildcard matching in O(glob × text) steps: on a mismatch only the latest {@code *} takes one more character.
     * A regex ({@code .*} per star) backtracks through every split between stars instead, so a glob such as
     * {@code ?****:*******??***:**#} against {@code [fe80::1]:8443/app:tag} ran for seconds (found by fuzzing).
     */
    static boolean matches(String glob, String text) {
        int g = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        while (t < text.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                starText = t;
            } else if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))) {
                g++;
                t++;
            } else if (star >= 0) {
                g = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    private static List<String> candidates(ImageReference image) {
        List<String> forms = new ArrayList<>(6);
        Repository repository = image.context();
        for (String name : List.of(repository.toString(), repository.cosignName())) {
            forms.add(name);
            image.tag().ifPresent(tag -> forms.add(name + ":" + tag.name()));
            image.digest().ifPresent(digest -> forms.add(name + "@" + digest));
            image.tag().ifPresent(tag -> image.digest().ifPresent(digest -> forms.add(name + ":" + tag.name() + "@" + digest)));
        }
        if (repository.registry().isDockerHub()) {
            // Docker Hub images are usually written without the registry: "nginx", "library/nginx", "org/app"
            String path = repository.path();
            forms.add(path);
            image.tag().ifPresent(tag -> forms.add(path + ":" + tag.name()));
            if (path.startsWith("library/")) {
                String bare = path.substring("library/".length());
                forms.add(bare);
                image.tag().ifPresent(tag -> forms.add(bare + ":" + tag.name()));
            }
        }
        return forms;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImagePattern pattern && glob.equals(pattern.glob);
    }

    @Override
    public int hashCode() {
        return glob.hashCode();
    }

    /** The glob as written. */
    @Override
    public String toString() {
        return glob;
    }
}

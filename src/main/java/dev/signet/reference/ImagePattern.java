package dev.signet.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image glob as Kyverno's {@code imageReferences} and Signet's signing rules write them: {@code *} matches any
 * run of characters (slashes included, as Kyverno's wildcard does), {@code ?} one character, everything else itself.
 *
 * <p>A glob is matched against the image's normalised forms, {@code registry/path} alone and with what identifies
 * the image: {@code @digest} when there is one, otherwise {@code :tag}. This is Kyverno's rule (its
 * {@code ImageInfo.String()} drops the tag of a reference with a digest): a tag written beside a digest does not say
 * which image runs, so it is no evidence for a skip or a signing rule. Docker Hub images are also matched in their
 * short forms ({@code nginx}, {@code library/nginx}, {@code org/app}) and under {@code index.docker.io}.
 *
 * <p>Host spellings are normalised on both sides: the image's registry is canonical ({@link Registry}), and so is
 * the host part of the glob (the text before its first {@code /}, when it reads as a registry), so
 * {@code GHCR.IO:443/acme/*} is {@code ghcr.io/acme/*} and {@code registry-1.docker.io/*} is {@code docker.io/*}.
 */
public final class ImagePattern {
    private static final int MAX_LENGTH = 1024;

    /** The characters policy-controller allows in a glob ({@code pkg/apis/glob/glob.go} {@code validGlob}). */
    private static final Pattern SIGSTORE_GLOB = Pattern.compile("[a-zA-Z0-9-_:/*.@]+");

    private final String written;
    private final String glob;
    /**
     * Set for a policy-controller glob: its tokens ({@link #DOUBLE_STAR}, {@link #STAR} or a literal character),
     * matched by {@link #sigstoreMatches} instead of as a Kyverno wildcard.
     */
    private final int[] sigstore;

    /** {@code **}: any run of characters. */
    private static final int DOUBLE_STAR = -2;
    /** {@code *}: any run of characters without {@code /}. */
    private static final int STAR = -1;

    private ImagePattern(String written, String glob, int[] sigstore) {
        this.written = written;
        this.glob = glob;
        this.sigstore = sigstore;
    }

    /** Parses a glob; refuses empty, overlong or whitespace-bearing patterns. */
    public static ImagePattern parse(String glob) {
        Objects.requireNonNull(glob, "glob");
        if (glob.isEmpty() || glob.length() > MAX_LENGTH || glob.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new InvalidReferenceException(glob, "an image pattern must be 1 to " + MAX_LENGTH + " printable characters without spaces");
        }
        int slash = glob.indexOf('/');
        String normalised = slash <= 0 ? glob : Registry.canonical(glob.substring(0, slash)) + glob.substring(slash);
        return new ImagePattern(glob, normalised, null);
    }

    /**
     * Parses a sigstore policy-controller {@code images[].glob}, as its {@code glob.Compile} reads one
     * (sigstore/policy-controller@f925c0c {@code pkg/apis/glob/glob.go}): {@code **} matches any run of characters,
     * {@code *} any run without {@code /}, everything else itself, over the whole of go-containerregistry's full name of
     * the image ({@code index.docker.io/library/busybox:latest}, {@code ghcr.io/acme/app@sha256:...}); {@code *} alone
     * means {@code index.docker.io/library/*} and {@code * /*} (without the space) {@code index.docker.io/*}{@code /*}.
     * policy-controller also tries the image as the pod wrote it; Signet tries Docker Hub's short forms in its place.
     */
    public static ImagePattern sigstoreGlob(String glob) {
        Objects.requireNonNull(glob, "glob");
        String effective = switch (glob) {
            case "*/*" -> "index.docker.io/*/*";
            case "*" -> "index.docker.io/library/*";
            default -> glob;
        };
        if (effective.length() > MAX_LENGTH || !SIGSTORE_GLOB.matcher(effective).matches()) {
            throw new InvalidReferenceException(glob, "a policy-controller glob holds only letters, digits and - _ : / * . @");
        }
        // the registry as Signet spells every image's: GHCR.IO:443, registry-1.docker.io, index.docker.io are the
        // canonical host, as for Kyverno's patterns (the image's candidates are canonical names)
        int slash = effective.indexOf('/');
        if (slash > 0 && effective.substring(0, slash).indexOf('*') < 0) {
            effective = Registry.canonical(effective.substring(0, slash)) + effective.substring(slash);
        }
        int[] tokens = new int[effective.length()];
        int count = 0;
        for (int i = 0; i < effective.length(); i++) {
            char c = effective.charAt(i);
            if (c == '*' && i + 1 < effective.length() && effective.charAt(i + 1) == '*') {
                tokens[count++] = DOUBLE_STAR;
                i++;
            } else {
                tokens[count++] = c == '*' ? STAR : c;
            }
        }
        return new ImagePattern(glob, "sigstore:" + effective, Arrays.copyOf(tokens, count));
    }

    /**
     * Whether the glob's tokens match all of {@code text}, in O(tokens x text) steps: the set of glob positions
     * reachable after each character is carried forward, never a backtracking search (a Java regex of {@code .*} per
     * {@code **} took seconds on a pod's 210-character image against {@code ghcr.io/**}{@code /**}{@code /**:v1}, where
     * policy-controller's RE2 is linear).
     */
    static boolean sigstoreMatches(int[] tokens, String text) {
        boolean[] reach = new boolean[tokens.length + 1];
        reach[0] = true;
        skipStars(tokens, reach);
        for (int t = 0; t < text.length(); t++) {
            char c = text.charAt(t);
            boolean[] next = new boolean[tokens.length + 1];
            boolean any = false;
            for (int j = 0; j < tokens.length; j++) {
                if (!reach[j]) {
                    continue;
                }
                int token = tokens[j];
                if (token == DOUBLE_STAR || (token == STAR && c != '/')) {
                    next[j] = true;
                    any = true;
                } else if (token == c) {
                    next[j + 1] = true;
                    any = true;
                }
            }
            if (!any) {
                return false;
            }
            skipStars(tokens, next);
            reach = next;
        }
        return reach[tokens.length];
    }

    /** A star may match nothing: whatever reaches it reaches past it too. */
    private static void skipStars(int[] tokens, boolean[] reach) {
        for (int j = 0; j < tokens.length; j++) {
            if (reach[j] && tokens[j] < 0) {
                reach[j + 1] = true;
            }
        }
    }

    /**
     * Whether the glob names the image by what identifies it: its repository, or its repository with the digest
     * (or, without a digest, the tag). Use this wherever a match takes a check away (skipImageReferences) or grants
     * something (signing rules).
     */
    public boolean matches(ImageReference image) {
        if (sigstore != null) {
            return sigstoreCandidates(image, false).stream().anyMatch(candidate -> sigstoreMatches(sigstore, candidate));
        }
        return candidates(image, false).stream().anyMatch(candidate -> matches(glob, candidate));
    }

    /**
     * Whether the glob matches any form the image could be read in: besides {@link #matches}, the tag written beside
     * a digest, and a registry on port 80 under its bare host. Use this only where a match adds a check
     * (imageReferences), so that {@code app:prod@sha256:…} is verified by a rule for {@code app:prod} and
     * {@code ghcr.io:80/…} by a rule for {@code ghcr.io/*}.
     */
    public boolean matchesLoosely(ImageReference image) {
        if (sigstore != null) {
            return sigstoreCandidates(image, true).stream().anyMatch(candidate -> sigstoreMatches(sigstore, candidate));
        }
        return candidates(image, true).stream().anyMatch(candidate -> matches(glob, candidate));
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

    /**
     * go-containerregistry's {@code Reference.Name()}: Docker Hub as {@code index.docker.io} with {@code library/}, then
     * {@code @digest} for a digest reference, else {@code :tag}; loosely, also the tag written beside a digest. Docker
     * Hub's short forms stand for the image as the pod wrote it, policy-controller's second try.
     */
    private static List<String> sigstoreCandidates(ImageReference image, boolean loosely) {
        Repository repository = image.context();
        List<String> names = new ArrayList<>();
        if (repository.registry().isDockerHub()) {
            String path = repository.path();
            names.add("index.docker.io/" + path);
            names.add("docker.io/" + path);
            names.add(path);
            if (path.startsWith("library/")) {
                names.add(path.substring("library/".length()));
            }
        } else {
            names.add(repository.name());
        }
        List<String> suffixes = suffixes(image, loosely);
        List<String> forms = new ArrayList<>();
        names.forEach(name -> suffixes.forEach(suffix -> forms.add(name + suffix)));
        if (loosely) {
            // the image as a pod may write it, without tag: policy-controller's fallback matches "foo" against "foo"
            forms.addAll(names);
        }
        return forms;
    }

    /**
     * What follows the repository name in a candidate: the digest (or, without one, the tag); loosely also the tag
     * written beside a digest, alone and with the digest.
     */
    private static List<String> suffixes(ImageReference image, boolean loosely) {
        List<String> suffixes = new ArrayList<>(3);
        image.digest().ifPresentOrElse(digest -> suffixes.add("@" + digest), () -> suffixes.add(":" + image.tag().orElseThrow().name()));
        if (loosely && image.digest().isPresent()) {
            image.tag().ifPresent(tag -> {
                suffixes.add(":" + tag.name());
                suffixes.add(":" + tag.name() + "@" + image.digest().get());
            });
        }
        return suffixes;
    }

    private static List<String> candidates(ImageReference image, boolean loosely) {
        Repository repository = image.context();
        List<String> names = new ArrayList<>(List.of(repository.name(), repository.cosignName()));
        String registry = repository.registry().name();
        if (loosely && registry.endsWith(":80")) {
            // the bare host in canonical form: index.docker.io:80/nginx is read as docker.io/library/nginx too
            Repository bare = Repository.of(Registry.parse(registry.substring(0, registry.length() - 3)), repository.path());
            names.add(bare.name());
            names.add(bare.cosignName());
        }
        if (repository.registry().isDockerHub()) {
            // Docker Hub images are usually written without the registry or library/: "nginx", "docker.io/nginx", "org/app"
            String path = repository.path();
            names.add(path);
            if (path.startsWith("library/")) {
                String bare = path.substring("library/".length());
                names.add(bare);
                names.add(registry + "/" + bare);
            }
        }
        List<String> suffixes = suffixes(image, loosely);
        List<String> forms = new ArrayList<>(names.size() * (suffixes.size() + 1));
        for (String name : names) {
            forms.add(name);
            suffixes.forEach(suffix -> forms.add(name + suffix));
        }
        return forms;
    }

    /** Two patterns are equal when they match the same images: their normalised globs are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ImagePattern pattern && glob.equals(pattern.glob);
    }

    @Override
    public int hashCode() {
        return glob.hashCode();
    }

    /** The glob as written, for messages. */
    @Override
    public String toString() {
        return written;
    }
}

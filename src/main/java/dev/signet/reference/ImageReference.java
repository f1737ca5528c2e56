package dev.signet.reference;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Docker image reference: repository plus tag, digest or both, e.g. {@code docker.io/library/nginx:latest}.
 *
 * <p>Parsing follows Docker ({@code ParseNormalizedNamed}, then {@code TagNameOnly}): registry and {@code library/}
 * are defaulted, and a reference with neither tag nor digest gets {@code latest}. When both are given, as in
 * {@code app:1.0@sha256:…}, the digest is the identity and the tag only a hint kept for display.
 *
 * @param repository the repository
 * @param tag the tag; present whenever {@code digest} is empty
 * @param digest the manifest digest, if the reference pins one
 */
public record ImageReference(Repository repository, Optional<Tag> tag, Optional<Digest> digest) {
    /**
     * Longest text accepted: a 255-character registry, 255-character path, 128-character tag and sha512 digest add
     * up to under 800, so anything longer is not a reference and is refused before any scanning.
     */
    public static final int MAX_LENGTH = 1024;

    // distribution refuses a bare image id as a name: "docker pull <id>" would otherwise mean a repository
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");

    // containerd's CRI looks "<algorithm>:<hex>" up as the ID of an image in the node's own store, and accepts any
    // unique prefix of the hex (go-digest's digest set); Docker's grammar reads the same text as a tag of Docker Hub's
    // library/<algorithm>, which is not what the node runs
    private static final Pattern LOCAL_IMAGE_ID = Pattern.compile("(?:sha256|sha384|sha512|blake3):[0-9a-fA-F]+");

    private static final String ACTION = "parse reference";

    /** Defaults the tag to {@code latest} when neither tag nor digest is given. */
    public ImageReference {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of(Tag.LATEST);
        }
    }

    /** A reference by tag. */
    public static ImageReference of(Repository repository, Tag tag) {
        return new ImageReference(repository, Optional.of(tag), Optional.empty());
    }

    /** A reference by digest. */
    public static ImageReference of(Repository repository, Digest digest) {
        return new ImageReference(repository, Optional.empty(), Optional.of(digest));
    }

    /**
     * Parses untrusted text, e.g. {@code nginx}, {@code ghcr.io/org/app:v1} or {@code [::1]:5000/app@sha256:…}.
     *
     * @throws InvalidReferenceException with the broken rule as cause
     */
    public static ImageReference parse(String text) {
        String input = text == null ? "" : text;
        if (input.isEmpty()) {
            throw new InvalidReferenceException(input, "reference is empty");
        }
        if (input.length() > MAX_LENGTH) {
            throw new InvalidReferenceException(input, "reference is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new InvalidReferenceException(input,
                        "reference contains whitespace, a control or a non-ASCII character at index " + i);
            }
        }
        if (IMAGE_ID.matcher(input).matches()) {
            throw new InvalidReferenceException(input, "a 64-character hex string is an image id, not a repository");
        }
        return split(input);
    }

    /**
     * Whether the text names an image by its local ID, such as {@code sha256:<hex>} or a prefix of it: the node runs
     * whatever image of its own store has that ID, so no registry and no signature can speak for it. Such text still
     * parses, as Docker's grammar reads it, so callers must ask this first.
     */
    public static boolean namesLocalImage(String text) {
        return text != null && text.length() <= MAX_LENGTH && LOCAL_IMAGE_ID.matcher(text).matches();
    }

    /** Splits off {@code @digest}, then {@code :tag} (a colon after the last slash), then the registry. */
    private static ImageReference split(String input) {
        String name = input;
        Optional<Digest> digest = Optional.empty();
        int at = input.indexOf('@');
        if (at >= 0) {
            String digestText = input.substring(at + 1);
            if (digestText.indexOf('@') >= 0) {
                throw new InvalidReferenceException(input, "reference contains more than one '@'");
            }
            check(input, Digest.problem(digestText));
            digest = Optional.of(Digest.parse(digestText));
            name = input.substring(0, at);
        }
        if (name.isEmpty()) {
            throw new InvalidReferenceException(input, "repository name is empty");
        }
        Optional<Tag> tag = Optional.empty();
        // a colon before the last slash belongs to a registry port, as in localhost:5000/app
        int colon = name.indexOf(':', name.lastIndexOf('/') + 1);
        if (colon >= 0) {
            String tagText = name.substring(colon + 1);
            check(input, Tag.problem(tagText));
            tag = Optional.of(new Tag(tagText));
            name = name.substring(0, colon);
        }
        return new ImageReference(Repository.fromName(name, ACTION, input), tag, digest);
    }

    private static void check(String input, String problem) {
        if (problem != null) {
            throw new InvalidReferenceException(input, problem);
        }
    }

    /** The registry holding the image. */
    public Registry registry() {
        return repository.registry();
    }

    /** The repository, {@code registry/path}; go-containerregistry calls this the reference's context. */
    public Repository context() {
        return repository;
    }

    /** Whether the reference pins a digest, and so names exactly one manifest. */
    public boolean isDigest() {
        return digest.isPresent();
    }

    /** What to ask the registry for: the digest when there is one, otherwise the tag. */
    public String identifier() {
        return digest.map(Digest::toString).orElseGet(() -> tag.orElseThrow().name());
    }

    /** The same reference pinned to {@code resolved}, keeping the tag as a hint. */
    public ImageReference withDigest(Digest resolved) {
        return new ImageReference(repository, tag, Optional.of(resolved));
    }

    /** The canonical form, {@code registry/path[:tag][@digest]}, which {@link #parse} reads back unchanged. */
    @Override
    public String toString() {
        return repository.name() + tag.map(t -> ":" + t.name()).orElse("") + digest.map(d -> "@" + d).orElse("");
    }
}

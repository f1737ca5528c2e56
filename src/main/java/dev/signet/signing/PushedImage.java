package dev.signet.signing;

import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Tag;
import java.util.Objects;
import java.util.Optional;

/**
 * A push a registry reported, as the signer needs it: the image by digest, the tag it was pushed under (a hint,
 * used only by the loop guard and in messages), and the media type the registry announced, if any.
 */
public record PushedImage(ImageReference image, Optional<Tag> tag, Optional<String> mediaType) {

    public PushedImage {
        Objects.requireNonNull(image, "image");
        if (image.digest().isEmpty()) {
            throw new IllegalArgumentException("a pushed image is identified by its digest");
        }
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(mediaType, "mediaType");
    }

    public Digest digest() {
        return image.digest().orElseThrow();
    }

    /** {@code registry/repository@sha256:..}: the CloudEvent subject. */
    public String subject() {
        return image.context() + "@" + digest();
    }
}

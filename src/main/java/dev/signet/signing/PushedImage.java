package dev.signet.signing;

import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Tag;
import java.util.Objects;
import java.util.Optional;

/**
 * A push a registry reported, as the signer needs it: the image by digest, the tag it was pushed under (a hint,
 * used only by the loop guard, in messages and as a claim of the push attestation), the media type the registry
 * announced, if any, and what else the registry claimed about the push.
 */
public record PushedImage(ImageReference image, Optional<Tag> tag, Optional<String> mediaType, PushClaims claims) {

    public PushedImage {
        Objects.requireNonNull(image, "image");
        if (image.digest().isEmpty()) {
            throw new IllegalArgumentException("a pushed image is identified by its digest");
        }
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(claims, "claims");
    }

    /** A push without claims beyond the image. */
    public PushedImage(ImageReference image, Optional<Tag> tag, Optional<String> mediaType) {
        this(image, tag, mediaType, PushClaims.none());
    }

    public PushedImage withClaims(PushClaims newClaims) {
        return new PushedImage(image, tag, mediaType, newClaims);
    }

    public Digest digest() {
        return image.digest().orElseThrow();
    }

    /** {@code registry/repository@sha256:..}: the CloudEvent subject. */
    public String subject() {
        return image.context() + "@" + digest();
    }
}

package dev.signet.events;

import dev.signet.reference.ImageReference;
import java.util.Objects;

/** A CDI event fired when this process's signer stored (or found) a signature: admission pre-warms its cache. */
public record SignatureStored(ImageReference image) {

    public SignatureStored {
        Objects.requireNonNull(image, "image");
        if (image.digest().isEmpty()) {
            throw new IllegalArgumentException("a signed image is named by digest");
        }
    }
}

package dev.signet.policy;

import dev.signet.Reason;
import dev.signet.SignetException;
import dev.signet.reference.ImageReference;

/** A tag that the registry does not have: the image cannot be verified, nor pulled. */
final class ImageNotFoundException extends SignetException {

    ImageNotFoundException(ImageReference image) {
        super(Reason.REGISTRY_NOT_FOUND, "resolve image", image.toString(), "no such manifest in the registry");
    }
}

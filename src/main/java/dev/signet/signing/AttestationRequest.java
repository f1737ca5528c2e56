package dev.signet.signing;

import dev.signet.keys.SigningKey;
import dev.signet.reference.ImageReference;
import dev.signet.signature.PredicateTypes;
import dev.signet.signature.SignatureLayout;
import java.util.Objects;

/**
 * What to attest, as {@code cosign attest} takes it: the image, the key, the {@code --type} (a cosign name or a
 * URI), the predicate file's bytes, where to store it, and {@code --replace} (drop earlier attestations of the same
 * predicate type from the {@code .att} image).
 */
public record AttestationRequest(ImageReference image, SigningKey key, String type, byte[] predicate, SignatureLayout layout, boolean replace) {

    public AttestationRequest {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        predicate = predicate.clone();
        Objects.requireNonNull(layout, "layout");
    }

    /** The predicate type URI the statement will carry. */
    public String predicateType() {
        return PredicateTypes.resolve(type);
    }
}

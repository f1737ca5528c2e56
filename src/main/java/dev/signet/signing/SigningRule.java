package dev.signet.signing;

import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * Which pushes get signed with which key: image globs and a key reference ({@code k8s://ns/name} or a key name
 * under the keys directory). The first rule that matches an image decides.
 *
 * @param attestPush whether the signer also stores a push attestation ({@link dev.signet.signature.PushPredicate}):
 *     the registry's claims about the push, signed with the same key; off unless asked for
 */
public record SigningRule(List<ImagePattern> images, String keyRef, boolean attestPush) {

    public SigningRule {
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a signing rule needs at least one image pattern");
        }
        Objects.requireNonNull(keyRef, "keyRef");
        if (keyRef.isBlank()) {
            throw new IllegalArgumentException("a signing rule needs a key reference");
        }
    }

    /** A rule that signs without attesting. */
    public SigningRule(List<ImagePattern> images, String keyRef) {
        this(images, keyRef, false);
    }

    /** Whether any of the rule's patterns matches the image. */
    public boolean matches(ImageReference image) {
        return images.stream().anyMatch(pattern -> pattern.matches(image));
    }
}

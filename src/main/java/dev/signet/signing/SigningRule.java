package dev.signet.signing;

import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * Which pushes get signed with which key: image globs and a key reference ({@code k8s://ns/name} or a key name
 * under the keys directory). The first rule that matches an image decides.
 */
public record SigningRule(List<ImagePattern> images, String keyRef) {

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

    /** Whether any of the rule's patterns matches the image. */
    public boolean matches(ImageReference image) {
        return images.stream().anyMatch(pattern -> pattern.matches(image));
    }
}

package dev.signet.signing;

import dev.signet.keys.SigningKey;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signature.SignatureLayout;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to sign: an image, the key, the annotations for the payload's {@code optional} (cosign {@code -a}), the
 * layouts to store, whether to sign each platform manifest of an index too ({@code --recursive}), and an alternate
 * signature repository for the legacy layout.
 */
public record SigningRequest(
        ImageReference image,
        SigningKey key,
        Map<String, String> annotations,
        Set<SignatureLayout> layouts,
        boolean recursive,
        Optional<Repository> signatureRepository) {

    public SigningRequest {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(key, "key");
        annotations = Map.copyOf(annotations);
        if (layouts.isEmpty()) {
            throw new IllegalArgumentException("signing needs at least one signature layout");
        }
        layouts = EnumSet.copyOf(layouts);
        Objects.requireNonNull(signatureRepository, "signatureRepository");
    }

    /** The legacy {@code .sig} layout with no annotations: {@code cosign sign --key} as of cosign 2. */
    public static SigningRequest of(ImageReference image, SigningKey key) {
        return new SigningRequest(image, key, Map.of(), EnumSet.of(SignatureLayout.LEGACY), false, Optional.empty());
    }

    public SigningRequest withLayouts(Set<SignatureLayout> newLayouts) {
        return new SigningRequest(image, key, annotations, newLayouts, recursive, signatureRepository);
    }

    public SigningRequest withAnnotations(Map<String, String> newAnnotations) {
        return new SigningRequest(image, key, newAnnotations, layouts, recursive, signatureRepository);
    }

    public SigningRequest withRecursive(boolean newRecursive) {
        return new SigningRequest(image, key, annotations, layouts, newRecursive, signatureRepository);
    }

    public SigningRequest withSignatureRepository(Repository repository) {
        return new SigningRequest(image, key, annotations, layouts, recursive, Optional.of(repository));
    }
}

package dev.signet.verification;

import dev.signet.keys.VerificationKey;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signature.SignatureLayout;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to verify: an image, the keys (or keyless identities) any of which may have signed it, the annotations every accepted signature
 * must carry ({@code cosign verify -a}), the layouts to look in, and an alternate signature repository
 * ({@code COSIGN_REPOSITORY}) if signatures live elsewhere.
 */
public record VerificationRequest(
        ImageReference image,
        List<VerificationKey> keys,
        List<KeylessTrust> keyless,
        Map<String, String> requiredAnnotations,
        Set<SignatureLayout> layouts,
        Optional<Repository> signatureRepository) {

    public VerificationRequest {
        Objects.requireNonNull(image, "image");
        keys = List.copyOf(keys);
        keyless = List.copyOf(keyless);
        if (keys.isEmpty() && keyless.isEmpty()) {
            throw new IllegalArgumentException("verification needs at least one key or keyless identity");
        }
        requiredAnnotations = Map.copyOf(requiredAnnotations);
        layouts = layouts.isEmpty() ? EnumSet.noneOf(SignatureLayout.class) : EnumSet.copyOf(layouts);
        if (layouts.isEmpty()) {
            throw new IllegalArgumentException("verification needs at least one signature layout");
        }
        Objects.requireNonNull(signatureRepository, "signatureRepository");
    }

    /** Both layouts, no annotations, signatures beside the image: what {@code cosign verify --key} does. */
    public static VerificationRequest of(ImageReference image, List<VerificationKey> keys) {
        return new VerificationRequest(image, keys, List.of(), Map.of(), EnumSet.allOf(SignatureLayout.class), Optional.empty());
    }

    /** Both layouts, keyless: what {@code cosign verify --certificate-identity ... --certificate-oidc-issuer ...} does. */
    public static VerificationRequest keyless(ImageReference image, KeylessTrust trust) {
        return new VerificationRequest(image, List.of(), List.of(trust), Map.of(), EnumSet.allOf(SignatureLayout.class), Optional.empty());
    }

    /** The same request looking only in {@code newLayouts}. */
    public VerificationRequest withLayouts(Set<SignatureLayout> newLayouts) {
        return new VerificationRequest(image, keys, keyless, requiredAnnotations, newLayouts, signatureRepository);
    }

    /** The same request requiring these payload annotations. */
    public VerificationRequest withRequiredAnnotations(Map<String, String> annotations) {
        return new VerificationRequest(image, keys, keyless, annotations, layouts, signatureRepository);
    }

    /** The same request reading signatures from another repository. */
    public VerificationRequest withSignatureRepository(Repository repository) {
        return new VerificationRequest(image, keys, keyless, requiredAnnotations, layouts, Optional.of(repository));
    }
}

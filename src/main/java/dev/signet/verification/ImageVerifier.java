package dev.signet.verification;

import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.ArtifactNotFoundException;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.SignatureLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Verifies an image's signatures in both cosign layouts. Cost, whatever the number of keys: one manifest HEAD to
 * resolve a tag (none for a digest reference), then for the legacy layout one GET of the {@code .sig} manifest and one blob GET per layer,
 * and for bundles one referrers lookup plus one manifest and one blob GET per bundle. Bundles are read first,
 * then the legacy tag, as {@code cosign verify} does.
 */
public final class ImageVerifier {
    private final RegistryClient registry;
    private final LegacySignatures legacy;
    private final BundleSignatures bundles;

    public ImageVerifier(RegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.legacy = new LegacySignatures(registry);
        this.bundles = new BundleSignatures(registry);
    }

    /**
     * Resolves the image once and checks every stored signature against the request's keys.
     *
     * @throws ArtifactNotFoundException when a tag does not exist (cosign's exit 11)
     */
    public VerificationResult verify(VerificationRequest request) {
        ImageReference image = request.image();
        Digest digest = image.digest().orElseGet(() -> resolve(image));
        Repository signatures = request.signatureRepository().orElse(image.context());
        List<VerificationKey> keys = request.keys();
        List<SignatureCheck> checks = new ArrayList<>();
        if (request.layouts().contains(SignatureLayout.BUNDLE)) {
            checks.addAll(bundles.check(image.context(), digest, keys, request.requiredAnnotations()));
        }
        if (request.layouts().contains(SignatureLayout.LEGACY)) {
            checks.addAll(legacy.check(signatures, digest, keys, request.requiredAnnotations()));
        }
        return new VerificationResult(image, digest, checks);
    }

    /** A tag is resolved with one HEAD; a digest reference needs no request, as in cosign's ResolveDigest. */
    private Digest resolve(ImageReference image) {
        Descriptor resolved = registry.headManifest(image).orElseThrow(() -> new ArtifactNotFoundException(
                "resolve image", image.toString(), "no such manifest in the registry", List.of()));
        return resolved.digest();
    }
}

package dev.signet.signing;

import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.MediaTypes;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.registry.ArtifactNotFoundException;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.SignatureLayout;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Signs images as {@code cosign sign --key} does: resolve the reference to a digest once (a tag is only a hint),
 * sign that digest, store the signature in each requested layout. An index is signed as the index digest;
 * {@code recursive} signs each child manifest as well.
 */
public final class ImageSigner {
    private final RegistryClient registry;
    private final LegacySigner legacy;
    private final BundleSigner bundles;

    public ImageSigner(RegistryClient registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.legacy = new LegacySigner(registry);
        this.bundles = new BundleSigner(registry, clock);
    }

    /**
     * Signs the image; idempotent per (digest, key, annotations, layout).
     *
     * @throws ArtifactNotFoundException when the image does not exist
     */
    public SigningResult sign(SigningRequest request) {
        return sign(request, registry.describe(request.image()));
    }

    /**
     * Signs an image the caller has already resolved (e.g. fetched to inspect it), saving the HEAD.
     *
     * @param resolved the descriptor of the manifest {@code request.image()} names
     */
    public SigningResult sign(SigningRequest request, Descriptor resolved) {
        ImageReference image = request.image();
        List<Descriptor> targets = new ArrayList<>();
        targets.add(resolved);
        if (request.recursive() && resolved.mediaType() != null && MediaTypes.isIndex(resolved.mediaType())) {
            ImageIndex index = registry.getManifest(ImageReference.of(image.context(), resolved.digest())).asImageIndex();
            targets.addAll(index.manifests());
        }
        List<StoredSignature> stored = new ArrayList<>();
        for (Descriptor target : targets) {
            if (request.layouts().contains(SignatureLayout.LEGACY)) {
                stored.add(legacy.sign(request, target.digest()));
            }
            if (request.layouts().contains(SignatureLayout.BUNDLE)) {
                stored.add(bundles.sign(request, target));
            }
        }
        Digest digest = resolved.digest();
        return new SigningResult(image, digest, stored);
    }
}

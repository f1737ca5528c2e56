package dev.signet.signing;

import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.InvalidManifestException;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.ArtifactNotFoundException;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.BundleManifest;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SigstoreBundle;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Attaches a Sigstore bundle as an OCI 1.1 referrer of the image (cosign v3's layout), pushed by digest and, on
 * registries without the referrers API, listed in the {@code sha256-<hex>} fallback index. A bundle already
 * attached for the same key, digest and annotations makes signing a no-op; a listed referrer that is gone (404) is
 * skipped. The empty config blob is not uploaded when a referrer read for the duplicate check already names it
 * (another key's bundle of the image): a registry keeps the blobs a manifest names.
 */
final class BundleSigner {
    private final RegistryClient registry;
    private final Clock clock;

    BundleSigner(RegistryClient registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    StoredSignature sign(SigningRequest request, Descriptor target) {
        Repository repository = request.image().context();
        Set<Digest> named = new HashSet<>();
        Optional<String> existing = findOurs(request, repository, target, named);
        if (existing.isPresent()) {
            return new StoredSignature(target.digest(), SignatureLayout.BUNDLE, existing.get(), false);
        }
        SigstoreBundle bundle = SigstoreBundle.sign(target.digest(), request.annotations(), request.key());
        RawManifest manifest = BundleManifest.build(bundle, target, clock.instant());
        registry.putBlob(repository, bundle.digest(), bundle.bytes());
        if (!named.contains(BundleManifest.EMPTY_CONFIG_DIGEST)) {
            registry.putBlob(repository, BundleManifest.EMPTY_CONFIG_DIGEST, BundleManifest.EMPTY_CONFIG);
        }
        ImageReference location = ImageReference.of(repository, manifest.digest());
        registry.putManifest(location, manifest);
        registry.addReferrer(repository, target.digest(), BundleManifest.referrerDescriptor(manifest));
        return new StoredSignature(target.digest(), SignatureLayout.BUNDLE, location.toString(), true);
    }

    /**
     * A referrer whose bundle carries our key hint and verifies with our key for this digest and annotations.
     *
     * @param named collects the config digests of the referrer manifests read, blobs the repository therefore holds
     */
    private Optional<String> findOurs(SigningRequest request, Repository repository, Descriptor target, Set<Digest> named) {
        String hint = request.key().verificationKey().hint();
        for (Descriptor referrer : registry.referrers(repository, target.digest(), BundleFormat.BUNDLE_V03).manifests()) {
            ImageReference location = ImageReference.of(repository, referrer.digest());
            try {
                ImageManifest manifest = registry.getManifest(location).asImageManifest();
                if (manifest.config() != null) {
                    named.add(manifest.config().digest());
                }
                for (Descriptor layer : manifest.layers()) {
                    if (!BundleFormat.BUNDLE_V03.equals(layer.mediaType())) {
                        continue;
                    }
                    SigstoreBundle bundle = SigstoreBundle.parse(registry.getBlob(repository, layer.digest(), SigstoreBundle.MAX_BUNDLE_BYTES), location.toString());
                    boolean same = bundle.hint().filter(hint::equals).isPresent()
                            && bundle.verifiedStatement(request.key().verificationKey())
                                    .filter(s -> BundleFormat.COSIGN_SIGN_PREDICATE.equals(s.predicateType()))
                                    .filter(s -> s.names(target.digest()) && s.annotations().equals(request.annotations()))
                                    .isPresent();
                    if (same) {
                        return Optional.of(location.toString());
                    }
                }
            } catch (SignatureFormatException | InvalidManifestException e) {
                // someone else's malformed referrer: not ours, and not a reason to refuse signing
            } catch (ArtifactNotFoundException e) {
                // a stale fallback-index entry (the referrer or its bundle was deleted): not ours; failing here would
                // fail every push of this digest until someone edits the index by hand
            }
        }
        return Optional.empty();
    }
}

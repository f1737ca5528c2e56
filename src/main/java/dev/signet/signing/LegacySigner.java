package dev.signet.signing;

import dev.signet.Reason;
import dev.signet.keys.SigningKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.Digests;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.RegistryClient;
import dev.signet.registry.RegistryUnavailableException;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SimpleSigningPayload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Appends a simple-signing layer to the {@code sha256-<hex>.sig} manifest, keeping every existing layer. The
 * duplicate check needs no blob fetch: a layer whose digest equals our payload's digest has our payload bytes, and
 * its signature annotation is checked against our public key locally (ECDSA signatures differ on every run, so
 * comparing signatures byte for byte would never find the duplicate).
 *
 * <p>A blob is not uploaded when the repository is known to hold it: the {@code .sig} manifest read names it (a
 * registry refuses a manifest whose blobs it lacks, and keeps the blobs a manifest names), as the payload is when
 * another key signed the same image, or an earlier attempt of this signing stored it.
 *
 * <p>The registry API has no compare-and-swap, so the tag is re-read (HEAD) right before the PUT and the append is
 * started over, at most {@link #MAX_ATTEMPTS} times, if another writer moved it since it was read. A write that lands
 * between that HEAD and our PUT can still be lost.
 */
final class LegacySigner {
    /** How often a write is started over because another writer moved the {@code .sig} tag in between. */
    static final int MAX_ATTEMPTS = 5;

    private final RegistryClient registry;

    LegacySigner(RegistryClient registry) {
        this.registry = registry;
    }

    StoredSignature sign(SigningRequest request, Digest digest) {
        Repository repository = request.signatureRepository().orElse(request.image().context());
        ImageReference tag = ImageReference.of(repository, Tag.parse(SignatureTags.signature(digest)));
        SimpleSigningPayload payload = new SimpleSigningPayload(request.image().context().cosignName(), digest,
                request.annotations().isEmpty() ? null : request.annotations());
        byte[] bytes = payload.toBytes();
        Digest payloadDigest = Digests.sha256(bytes);

        CosignSignature signature = CosignSignature.sign(payload, request.key());
        Set<Digest> stored = new HashSet<>();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<RawManifest> existing = registry.findManifest(tag);
            List<Descriptor> layers = new ArrayList<>();
            if (existing.isPresent()) {
                // all layers, not only simple-signing ones: what others stored there is theirs to keep
                List<Descriptor> signatureLayers = SignatureManifest.signatureLayers(existing.get(), tag.toString());
                if (signatureLayers.stream().anyMatch(layer -> isOurs(layer, payloadDigest, bytes, request.key()))) {
                    return new StoredSignature(digest, SignatureLayout.LEGACY, tag.toString(), false);
                }
                layers.addAll(existing.get().asImageManifest().layers());
                layers.forEach(layer -> stored.add(layer.digest()));
                stored.add(existing.get().asImageManifest().config().digest());
            }
            layers.add(signature.layer());
            SignatureManifest.Built built = SignatureManifest.buildFromLayers(layers);
            putBlob(repository, payloadDigest, bytes, stored);
            putBlob(repository, built.manifest().asImageManifest().config().digest(), built.config(), stored);
            // no compare-and-swap in the registry API: re-read the tag right before replacing it, and start over if
            // another writer moved it since we read it, so their layers are not dropped
            Optional<Digest> read = existing.map(RawManifest::digest);
            if (registry.headManifest(tag).map(Descriptor::digest).equals(read)) {
                registry.putManifest(tag, built.manifest());
                return new StoredSignature(digest, SignatureLayout.LEGACY, tag.toString(), true);
            }
        }
        throw new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, "write signature", tag.toString(),
                "another writer changed the tag " + MAX_ATTEMPTS + " times while Signet appended to it",
                "the push is retried later", 0, List.of(), null);
    }

    private void putBlob(Repository repository, Digest digest, byte[] content, Set<Digest> stored) {
        if (stored.add(digest)) {
            registry.putBlob(repository, digest, content);
        }
    }

    private static boolean isOurs(Descriptor layer, Digest payloadDigest, byte[] payload, SigningKey key) {
        if (!layer.digest().equals(payloadDigest)) {
            return false;
        }
        try {
            return CosignSignature.of(payload, layer.annotations(), "existing layer").verifiedPayload(key.verificationKey()).isPresent();
        } catch (SignatureFormatException e) {
            return false;
        }
    }
}

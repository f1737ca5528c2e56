package dev.signet.verification;

import dev.signet.oci.Descriptor;
import dev.signet.oci.InvalidManifestException;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.RegistryClient;
import dev.signet.registry.RegistryException;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the simple-signing layers under {@code sha256-<hex>.sig}; a missing tag means "no signatures". A tag that holds
 * no readable signature manifest (an index, too many layers, not JSON) is one {@link StoredSignature.Unreadable}:
 * anyone who can push may write it, and it must not hide the bundles beside it; cosign fails the whole verification
 * there instead. A {@link RegistryException} (an outage, a refused login, bytes that do not hash to their digest) is
 * the registry's fault, not something a pusher can store, and is thrown: it leaves the question open.
 */
final class LegacySignatures {
    // a simple-signing payload is a few hundred bytes; annotations add little
    static final long MAX_PAYLOAD_BYTES = 64 * 1024;

    private final RegistryClient registry;

    LegacySignatures(RegistryClient registry) {
        this.registry = registry;
    }

    List<StoredSignature> find(Repository repository, Digest digest, WorkBudget budget) {
        ImageReference tag = ImageReference.of(repository, Tag.parse(SignatureTags.signature(digest)));
        String refused = budget.takeRequests(1);
        if (refused != null) {
            return List.of(StoredSignature.unreadable(SignatureLayout.LEGACY, tag.toString(), digest, WorkBudget.refusal(tag.toString(), refused)));
        }
        Optional<RawManifest> manifest = Optional.empty();
        List<Descriptor> layers;
        try {
            manifest = registry.findManifest(tag);
            if (manifest.isEmpty()) {
                return List.of();
            }
            budget.spendBytes(manifest.get().bytes().length);
            layers = SignatureManifest.signatureLayers(manifest.get(), tag.toString());
        } catch (InvalidManifestException | SignatureFormatException e) {
            return List.of(unreadableManifest(tag, manifest.map(RawManifest::digest).orElse(digest), e));
        }
        List<StoredSignature> found = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            found.add(read(repository, layers.get(i), tag + "#layer-" + i, budget));
        }
        return found;
    }

    private StoredSignature read(Repository repository, Descriptor layer, String location, WorkBudget budget) {
        if (layer.size() > MAX_PAYLOAD_BYTES) {
            // refused unread: a layer that admits to being this large is no simple-signing payload
            return unreadable(location, layer, "read signature " + location + ": the layer declares " + layer.size()
                    + " bytes, more than the limit of " + MAX_PAYLOAD_BYTES);
        }
        String refused = layer.size() > budget.bytesLeft(MAX_PAYLOAD_BYTES) ? budget.bytesSpent() : budget.takeSignature(1);
        if (refused != null) {
            return unreadable(location, layer, WorkBudget.refusal(location, refused));
        }
        byte[] payload;
        try {
            payload = budget.readBlob(registry, repository, layer.digest(), MAX_PAYLOAD_BYTES);
        } catch (RegistryException e) {
            if (e.isTransient()) {
                throw e;
            }
            // anyone who can push may add a broken layer; it must not hide the valid signatures beside it
            return unreadable(location, layer, e.getMessage());
        }
        try {
            return StoredSignature.layer(location, layer.digest(), CosignSignature.of(payload, layer.annotations(), location));
        } catch (SignatureFormatException e) {
            return unreadable(location, layer, e.getMessage());
        }
    }

    /**
     * The whole {@code .sig} manifest as one malformed signature, under the manifest's digest, or the image's when the
     * manifest never arrived.
     */
    private static StoredSignature unreadableManifest(ImageReference tag, Digest digest, RuntimeException e) {
        return StoredSignature.unreadable(SignatureLayout.LEGACY, tag.toString(), digest, e.getMessage());
    }

    private static StoredSignature unreadable(String location, Descriptor layer, String detail) {
        return StoredSignature.unreadable(SignatureLayout.LEGACY, location, layer.digest(), detail);
    }
}

package dev.signet.signing;

import dev.signet.keys.SigningKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.Digests;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SimpleSigningPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Appends a simple-signing layer to the {@code sha256-<hex>.sig} manifest, keeping every existing layer. The
 * duplicate check needs no blob fetch: a layer whose digest equals our payload's digest has our payload bytes, and
 * its signature annotation is checked against our public key locally (ECDSA signatures differ on every run, so
 * comparing signatures byte for byte would never find the duplicate).
 */
final class LegacySigner {
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

        Optional<RawManifest> existing = registry.findManifest(tag);
        List<Descriptor> layers = new ArrayList<>();
        if (existing.isPresent()) {
            // all layers, not only simple-signing ones: what others stored there is theirs to keep
            List<Descriptor> signatureLayers = SignatureManifest.signatureLayers(existing.get(), tag.toString());
            if (signatureLayers.stream().anyMatch(layer -> isOurs(layer, payloadDigest, bytes, request.key()))) {
                return new StoredSignature(digest, SignatureLayout.LEGACY, tag.toString(), false);
            }
            layers.addAll(existing.get().asImageManifest().layers());
        }
        CosignSignature signature = CosignSignature.sign(payload, request.key());
        layers.add(signature.layer());
        SignatureManifest.Built built = SignatureManifest.buildFromLayers(layers);
        registry.putBlob(repository, payloadDigest, bytes);
        registry.putBlob(repository, built.manifest().asImageManifest().config().digest(), built.config());
        registry.putManifest(tag, built.manifest());
        return new StoredSignature(digest, SignatureLayout.LEGACY, tag.toString(), true);
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

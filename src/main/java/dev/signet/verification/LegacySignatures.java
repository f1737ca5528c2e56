package dev.signet.verification;

import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
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
import dev.signet.signature.SimpleSigningPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks the simple-signing layers under {@code sha256-<hex>.sig}; a missing tag means "no signatures". */
final class LegacySignatures {
    // a simple-signing payload is a few hundred bytes; annotations add little
    static final long MAX_PAYLOAD_BYTES = 64 * 1024;

    private final RegistryClient registry;

    LegacySignatures(RegistryClient registry) {
        this.registry = registry;
    }

    List<SignatureCheck> check(Repository repository, Digest digest, List<VerificationKey> keys, Map<String, String> required) {
        ImageReference tag = ImageReference.of(repository, Tag.parse(SignatureTags.signature(digest)));
        Optional<RawManifest> manifest = registry.findManifest(tag);
        if (manifest.isEmpty()) {
            return List.of();
        }
        List<Descriptor> layers = SignatureManifest.signatureLayers(manifest.get(), tag.toString());
        List<SignatureCheck> checks = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            String location = tag + "#layer-" + i;
            if (layer.size() > MAX_PAYLOAD_BYTES) {
                // refused unread: a layer that admits to being this large is no simple-signing payload
                checks.add(new SignatureCheck(SignatureLayout.LEGACY, location, layer.digest(), SignatureCheck.Status.MALFORMED,
                        Optional.empty(), Map.of(), "read signature " + location + ": the layer declares " + layer.size()
                        + " bytes, more than the limit of " + MAX_PAYLOAD_BYTES));
                continue;
            }
            byte[] payload;
            try {
                payload = registry.getBlob(repository, layer.digest(), MAX_PAYLOAD_BYTES);
            } catch (RegistryException e) {
                if (e.isTransient()) {
                    throw e;
                }
                // anyone who can push may add a broken layer; it must not hide the valid signatures beside it
                checks.add(new SignatureCheck(SignatureLayout.LEGACY, location, layer.digest(), SignatureCheck.Status.MALFORMED,
                        Optional.empty(), Map.of(), e.getMessage()));
                continue;
            }
            checks.add(checkLayer(location, layer, payload, digest, keys, required));
        }
        return checks;
    }

    private static SignatureCheck checkLayer(String location, Descriptor layer, byte[] payload, Digest digest,
            List<VerificationKey> keys, Map<String, String> required) {
        CosignSignature signature;
        try {
            signature = CosignSignature.of(payload, layer.annotations(), location);
        } catch (SignatureFormatException e) {
            return new SignatureCheck(SignatureLayout.LEGACY, location, layer.digest(), SignatureCheck.Status.MALFORMED, Optional.empty(), Map.of(), e.getMessage());
        }
        for (VerificationKey key : keys) {
            Optional<SimpleSigningPayload> verified;
            try {
                verified = signature.verifiedPayload(key);
            } catch (SignatureFormatException e) {
                return new SignatureCheck(SignatureLayout.LEGACY, location, layer.digest(), SignatureCheck.Status.MALFORMED, Optional.of(key), Map.of(), e.getMessage());
            }
            if (verified.isPresent()) {
                return judge(location, layer.digest(), key, verified.get(), digest, required);
            }
        }
        return new SignatureCheck(SignatureLayout.LEGACY, location, layer.digest(), SignatureCheck.Status.NO_MATCHING_KEY,
                Optional.empty(), Map.of(), "no key verifies this signature");
    }

    /** Claims are read only here, after the signature over the exact bytes verified. */
    private static SignatureCheck judge(String location, Digest layerDigest, VerificationKey key, SimpleSigningPayload payload,
            Digest digest, Map<String, String> required) {
        Map<String, String> claims = payload.optional() == null ? Map.of() : payload.optional();
        if (!payload.digest().equals(digest)) {
            return new SignatureCheck(SignatureLayout.LEGACY, location, layerDigest, SignatureCheck.Status.DIGEST_MISMATCH, Optional.of(key), claims,
                    "signed by " + key.name() + " but the payload names " + payload.digest());
        }
        if (!payload.hasAnnotations(required)) {
            return new SignatureCheck(SignatureLayout.LEGACY, location, layerDigest, SignatureCheck.Status.ANNOTATIONS_MISMATCH, Optional.of(key), claims,
                    "signed by " + key.name() + " but lacks the required annotations " + required);
        }
        return new SignatureCheck(SignatureLayout.LEGACY, location, layerDigest, SignatureCheck.Status.VERIFIED, Optional.of(key), claims,
                "signed by " + key.name());
    }
}

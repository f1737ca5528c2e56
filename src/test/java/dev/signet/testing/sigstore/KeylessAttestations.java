package dev.signet.testing.sigstore;

import dev.signet.oci.Descriptor;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.BundleManifest;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SigstoreBundle;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores keyless attestations from the {@link TestSigstore} stack where cosign puts them, through any
 * {@link RegistryClient} (the fake or the real registry): cosign v2's {@code sha256-<hex>.att} image, one DSSE-envelope
 * layer per attestation with its certificate and Rekor-bundle annotations, and cosign v3's bundle v0.3 referrer.
 */
public final class KeylessAttestations {
    private KeylessAttestations() {
    }

    /** An in-toto v1 statement about {@code image} with this predicate (JSON text). */
    public static byte[] statement(String name, Digest image, String predicateType, String predicate) {
        return ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + name + "\",\"digest\":{\"sha256\":\"" + image.hex()
                + "\"}}],\"predicateType\":\"" + predicateType + "\",\"predicate\":" + predicate + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the {@code .att} image of {@code image} holding these attestations, in order (replacing the tag). */
    public static void pushLegacy(RegistryClient registry, Repository repository, Digest image, LegacySignature... attestations) {
        List<Descriptor> layers = new ArrayList<>();
        for (LegacySignature attestation : attestations) {
            Descriptor layer = Descriptor.of(MediaTypes.DSSE_ENVELOPE, attestation.payload()).withAnnotations(attestation.annotations());
            registry.putBlob(repository, layer.digest(), attestation.payload());
            layers.add(layer);
        }
        SignatureManifest.Built built = SignatureManifest.buildFromLayers(layers);
        registry.putBlob(repository, built.manifest().asImageManifest().config().digest(), built.config());
        registry.putManifest(ImageReference.of(repository, Tag.parse(SignatureTags.attestation(image))), built.manifest());
    }

    /** Attaches a bundle v0.3 (its JSON) to {@code image} as a referrer annotated with {@code predicateType}, as cosign v3 does. */
    public static void pushBundle(RegistryClient registry, Repository repository, RawManifest image, byte[] bundleJson, String predicateType) {
        SigstoreBundle bundle = SigstoreBundle.parse(bundleJson, "test bundle");
        RawManifest referrer = BundleManifest.build(bundle, Descriptor.of(image.mediaType(), image.digest(), image.bytes().length), Instant.now(),
                predicateType);
        registry.putBlob(repository, bundle.digest(), bundleJson);
        registry.putBlob(repository, BundleManifest.EMPTY_CONFIG_DIGEST, BundleManifest.EMPTY_CONFIG);
        registry.putManifest(ImageReference.of(repository, referrer.digest()), referrer);
        registry.addReferrer(repository, image.digest(), BundleManifest.referrerDescriptor(referrer));
    }
}

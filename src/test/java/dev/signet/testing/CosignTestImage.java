package dev.signet.testing;

import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import java.util.List;

/**
 * Puts cosign's signatures of {@code securesystemsengineering/testimage} (vectors/signatures/testimage) into a
 * registry through our port: the {@code .sig} manifest byte for byte, its payload blobs, and the config blob cosign
 * used, rebuilt (it hashes to the digest the vector's manifest names). The image manifests themselves cannot be
 * pushed into a real registry, which checks that their 2.7 MB layers exist; verification by digest does not need
 * them, exactly as cosign's does not.
 */
public final class CosignTestImage {
    /** Signed by alice (1 layer). */
    public static final Digest ALICE = Digest.parse("sha256:071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c81");
    /** Signed by alice, bob and charlie (3 layers over one payload). */
    public static final Digest ALICE_BOB_CHARLIE = Digest.parse("sha256:bfec161fecb0a887df7cb85e4da327c65986ccda7060cf3cd92171c6c90d7533");
    /** Signed keylessly (certificate + Rekor bundle): none of the keys verify it. */
    public static final Digest KEYLESS = Digest.parse("sha256:31dc72a13a0c34b40eb95419d2b2fd67320c856baf3b72da518023ee8d370aee");

    private static final String DIR = "signatures/testimage/";

    private CosignTestImage() {
    }

    /** Pushes the signatures of {@code image} into {@code repository}; returns the digest reference to verify. */
    public static ImageReference pushSignatures(RegistryClient registry, Repository repository, Digest image) {
        String tag = SignatureTags.signature(image);
        RawManifest signatures = RawManifest.of(Vectors.bytes(DIR + "manifests/" + tag + ".json"), MediaTypes.OCI_MANIFEST);
        List<Descriptor> layers = signatures.asImageManifest().layers();
        for (Descriptor layer : layers) {
            byte[] payload = Vectors.bytes(DIR + "blobs/" + layer.digest().toString().replace(':', '-') + ".json");
            registry.putBlob(repository, layer.digest(), payload);
        }
        SignatureManifest.Built rebuilt = SignatureManifest.buildFromLayers(layers);
        Descriptor config = signatures.asImageManifest().config();
        if (!rebuilt.manifest().asImageManifest().config().digest().equals(config.digest())) {
            throw new AssertionError("rebuilt cosign config does not hash to " + config.digest());
        }
        registry.putBlob(repository, config.digest(), rebuilt.config());
        registry.putManifest(ImageReference.of(repository, Tag.parse(tag)), signatures);
        return ImageReference.of(repository, image);
    }

    /** A key of the vectors: alice, bob, charlie or default (which verifies nothing). */
    public static VerificationKey key(String name) {
        return PemKeys.parsePublicKey(Vectors.text(DIR + "keys/" + name + ".pub"), name);
    }
}

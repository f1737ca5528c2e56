package dev.signet.signature;

import dev.signet.json.Json;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

/**
 * The legacy signature image under {@code sha256-<hex>.sig}: an OCI manifest whose config is cosign's fixed
 * signature-image config and whose layers are the signatures (cosign-formats.md §2).
 */
public final class SignatureManifest {
    // the more layers, the more blob fetches per verification: a hostile registry could list thousands.
    static final int MAX_LAYERS = 1000;

    private SignatureManifest() {
    }

    /** What to push: the config blob and the manifest, built from the signatures in order. */
    public record Built(byte[] config, RawManifest manifest) {
    }

    /**
     * Builds the manifest cosign builds: config
     * {@code {"architecture":"","created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":[...]},"config":{}}}
     * with one history entry and one diff_id per layer (the payload digests, since layers are uncompressed): 233
     * bytes for one layer, 451 for three, exactly as cosign's configs in the vectors.
     */
    public static Built build(List<CosignSignature> signatures) {
        return buildFromLayers(signatures.stream().map(CosignSignature::layer).toList());
    }

    /**
     * Builds the manifest from layer descriptors, so a signer can append to an existing {@code .sig} manifest
     * without fetching the other signatures' payloads: the config only needs their digests.
     */
    public static Built buildFromLayers(List<Descriptor> layers) {
        StringJoiner history = new StringJoiner(",");
        StringJoiner diffIds = new StringJoiner(",");
        for (Descriptor layer : layers) {
            history.add("{\"created\":\"0001-01-01T00:00:00Z\"}");
            diffIds.add("\"" + layer.digest() + "\"");
        }
        byte[] config = ("{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[" + history + "],"
                + "\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]},\"config\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        ImageManifest manifest = ImageManifest.of(Descriptor.of(MediaTypes.OCI_CONFIG, config), layers);
        return new Built(config, RawManifest.of(Json.write(manifest), MediaTypes.OCI_MANIFEST));
    }

    /**
     * The signature layers of a {@code .sig} manifest, in order. Layers of other media types are not signatures
     * and are skipped; more than {@value #MAX_LAYERS} layers is refused before any blob is fetched.
     */
    public static List<Descriptor> signatureLayers(RawManifest raw, String subject) {
        ImageManifest manifest = raw.asImageManifest();
        if (manifest.layers().size() > MAX_LAYERS) {
            throw new SignatureFormatException("read signatures", subject,
                    "signature manifest has " + manifest.layers().size() + " layers, more than " + MAX_LAYERS);
        }
        return manifest.layers().stream()
                .filter(layer -> MediaTypes.COSIGN_SIMPLE_SIGNING.equals(layer.mediaType()))
                .toList();
    }
}

package dev.signet.testing;

import dev.signet.json.Json;
import dev.signet.oci.Descriptor;
import dev.signet.oci.Digests;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/** Small random images pushed through our own port (random layer, config, manifest), so tests never collide. */
public final class Images {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Images() {
    }

    /** Pushes a one-layer OCI image; under {@code tag}, or by digest only when {@code tag} is null. */
    public static RawManifest pushRandom(RegistryClient registry, Repository repository, String tag) {
        byte[] layer = new byte[256];
        RANDOM.nextBytes(layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digests.sha256(layer) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, config);
        Descriptor layerDescriptor = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, layer);
        registry.putBlob(repository, layerDescriptor.digest(), layer);
        registry.putBlob(repository, configDescriptor.digest(), config);
        RawManifest manifest = RawManifest.of(Json.write(ImageManifest.of(configDescriptor, List.of(layerDescriptor))), MediaTypes.OCI_MANIFEST);
        registry.putManifest(tag == null ? ImageReference.of(repository, manifest.digest()) : ImageReference.of(repository, Tag.parse(tag)), manifest);
        return manifest;
    }
}

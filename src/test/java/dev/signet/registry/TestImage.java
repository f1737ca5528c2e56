package dev.signet.registry;

import dev.signet.json.Json;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.Platform;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small image made in the test (random layer bytes, a config, a manifest) and pushed with our own client, so
 * registry tests need no pre-built fixtures and never collide.
 *
 * @param manifest the manifest exactly as pushed
 * @param blobs config and layers by descriptor
 */
record TestImage(RawManifest manifest, Map<Descriptor, byte[]> blobs) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An OCI image with {@code layers} random layers of {@code layerSize} bytes. */
    static TestImage oci(int layers, int layerSize) {
        return build(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER_GZIP, layers, layerSize);
    }

    /** A Docker schema 2 image. */
    static TestImage docker(int layers, int layerSize) {
        return build(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_CONFIG, MediaTypes.DOCKER_LAYER_GZIP, layers, layerSize);
    }

    /** An OCI manifest with an {@code artifactType}, an empty config and one layer, as referrers are. */
    static TestImage artifact(String artifactType, Descriptor subject) {
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] payload = random(64);
        Descriptor config = Descriptor.of(MediaTypes.OCI_EMPTY, empty);
        Descriptor layer = Descriptor.of("application/octet-stream", payload);
        ImageManifest manifest = new ImageManifest(2, MediaTypes.OCI_MANIFEST, artifactType, config, List.of(layer), Map.of(), subject);
        Map<Descriptor, byte[]> blobs = new LinkedHashMap<>();
        blobs.put(config, empty);
        blobs.put(layer, payload);
        return new TestImage(RawManifest.of(Json.write(manifest), MediaTypes.OCI_MANIFEST), blobs);
    }

    private static TestImage build(String manifestType, String configType, String layerType, int layers, int layerSize) {
        Map<Descriptor, byte[]> blobs = new LinkedHashMap<>();
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"nonce\":\""
                + RANDOM.nextLong() + "\"}").getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.of(configType, config);
        blobs.put(configDescriptor, config);
        List<Descriptor> layerDescriptors = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            byte[] layer = random(layerSize);
            Descriptor descriptor = Descriptor.of(layerType, layer);
            layerDescriptors.add(descriptor);
            blobs.put(descriptor, layer);
        }
        ImageManifest manifest = new ImageManifest(2, manifestType, null, configDescriptor, layerDescriptors, Map.of(), null);
        return new TestImage(RawManifest.of(Json.write(manifest), manifestType), blobs);
    }

    /** An index (OCI or Docker list) over already pushed images. */
    static RawManifest index(String mediaType, List<TestImage> images) {
        List<Descriptor> manifests = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Descriptor d = images.get(i).manifest().descriptor();
            manifests.add(new Descriptor(d.mediaType(), d.size(), d.digest(), null, null,
                    new Platform(i == 0 ? "amd64" : "arm64", "linux", null, null, null), null));
        }
        return RawManifest.of(Json.write(new ImageIndex(2, mediaType, null, manifests, Map.of(), null)), mediaType);
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Pushes blobs, then the manifest under {@code tag}; returns the reference by digest. */
    ImageReference push(RegistryClient client, Repository repository, String tag) {
        blobs.forEach((descriptor, bytes) -> client.putBlob(repository, descriptor.digest(), bytes));
        client.putManifest(ImageReference.parse(repository + ":" + tag), manifest);
        return ImageReference.of(repository, manifest.digest());
    }

    /** Descriptors of the layers, in manifest order. */
    List<Descriptor> layers() {
        return manifest.asImageManifest().layers();
    }
}

package dev.signet.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.signet.reference.Digest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI content descriptor. Field order follows go-containerregistry's {@code v1.Descriptor}, so manifests Signet
 * writes look like the ones cosign writes.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"mediaType", "size", "digest", "urls", "annotations", "platform", "artifactType"})
public record Descriptor(
        String mediaType,
        long size,
        Digest digest,
        List<String> urls,
        Map<String, String> annotations,
        Platform platform,
        String artifactType) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("descriptor size must not be negative");
        }
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    /** A descriptor of content with no annotations. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, size, digest, List.of(), Map.of(), null, null);
    }

    /** A descriptor of bytes: digest and size computed from them. */
    public static Descriptor of(String mediaType, byte[] content) {
        return of(mediaType, Digests.sha256(content), content.length);
    }

    /** The same descriptor with these annotations (insertion order kept, as it is written). */
    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, size, digest, urls, newAnnotations, platform, artifactType);
    }

    /** The same descriptor with an {@code artifactType}. */
    public Descriptor withArtifactType(String newArtifactType) {
        return new Descriptor(mediaType, size, digest, urls, annotations, platform, newArtifactType);
    }
}

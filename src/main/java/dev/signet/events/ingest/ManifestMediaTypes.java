package dev.signet.events.ingest;

import java.util.Locale;
import java.util.Set;

/**
 * The manifest and index media types a push must have to be worth signing: OCI image manifest and index, Docker
 * schema 2 manifest and manifest list. They are {@code oci.MediaTypes.MANIFESTS} repeated, because the event
 * adapters may not import {@code oci} (DependencyRulesTest); {@code ManifestMediaTypesTest} keeps the two equal.
 */
final class ManifestMediaTypes {
    static final Set<String> ALL = Set.of(
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private ManifestMediaTypes() {
    }

    /** The media type without parameters, in lower case, if it is a manifest or index type; else null. */
    static String manifestOrNull(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        String bare = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return ALL.contains(bare) ? bare : null;
    }
}

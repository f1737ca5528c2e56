package dev.signet.signature;

import dev.signet.json.Json;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI 1.1 referrer manifest cosign v3 pushes for a bundle (cosign-formats.md §3): artifactType = the bundle
 * media type, config = the OCI empty descriptor, one layer = the bundle, subject = the image, annotations naming
 * the content and predicate type.
 */
public final class BundleManifest {
    /** The OCI empty JSON blob {@code {}}. */
    public static final byte[] EMPTY_CONFIG = {'{', '}'};
    /** Its well-known digest. */
    public static final Digest EMPTY_CONFIG_DIGEST = Digest.parse("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");

    private BundleManifest() {
    }

    /** Builds the referrer manifest for {@code bundle} about {@code subject}, stamped with {@code created}. */
    public static RawManifest build(SigstoreBundle bundle, Descriptor subject, Instant created) {
        return build(bundle, subject, created, BundleFormat.COSIGN_SIGN_PREDICATE);
    }

    /** The same for a bundle whose statement has {@code predicateType} (an attestation), named in the annotations. */
    public static RawManifest build(SigstoreBundle bundle, Descriptor subject, Instant created, String predicateType) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(BundleFormat.CONTENT_ANNOTATION, BundleFormat.DSSE_CONTENT);
        annotations.put(BundleFormat.CREATED_ANNOTATION, DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.SECONDS)));
        annotations.put(BundleFormat.PREDICATE_TYPE_ANNOTATION, predicateType);
        // cosign sets artifactType on the config descriptor too; readers ignore it, writers of the past relied on it
        Descriptor config = Descriptor.of(MediaTypes.OCI_EMPTY, EMPTY_CONFIG_DIGEST, EMPTY_CONFIG.length)
                .withArtifactType(BundleFormat.BUNDLE_V03);
        Descriptor layer = Descriptor.of(BundleFormat.BUNDLE_V03, bundle.digest(), bundle.bytes().length);
        Descriptor bareSubject = Descriptor.of(subject.mediaType(), subject.digest(), subject.size());
        ImageManifest manifest = new ImageManifest(2, MediaTypes.OCI_MANIFEST, BundleFormat.BUNDLE_V03, config,
                List.of(layer), annotations, bareSubject);
        return RawManifest.of(Json.write(manifest), MediaTypes.OCI_MANIFEST);
    }

    /** The index entry for a referrer manifest: its descriptor with artifactType and annotations copied up. */
    public static Descriptor referrerDescriptor(RawManifest referrer) {
        ImageManifest manifest = referrer.asImageManifest();
        return referrer.descriptor().withArtifactType(manifest.artifactType()).withAnnotations(manifest.annotations());
    }
}

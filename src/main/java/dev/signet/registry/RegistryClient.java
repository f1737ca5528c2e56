package dev.signet.registry;

import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import java.util.List;
import java.util.Optional;

/**
 * The OCI distribution operations Signet needs, named for the role. {@link HttpRegistryClient} speaks HTTP; tests
 * may implement this port with a fake, never by mocking HTTP types.
 *
 * <p>Every manifest and blob returned has been checked against the digest it was asked for (or, for a tag, the
 * digest the registry announced), and sizes are bounded. Absence is part of the contract where it is an answer
 * ({@code Optional}); elsewhere a 404 is {@link ArtifactNotFoundException}.
 */
public interface RegistryClient {

    /** HEAD on a manifest: its descriptor (digest, media type, size), or empty when the tag or digest does not exist. */
    Optional<Descriptor> headManifest(ImageReference reference);

    /**
     * The digest an image reference names: its own digest at no cost, else the tag's manifest digest from one HEAD,
     * as cosign's {@code ResolveDigest} does. Everything after works on the digest, never the tag.
     *
     * @throws ArtifactNotFoundException when the tag does not exist (cosign's exit 11)
     */
    default Digest resolve(ImageReference reference) {
        return reference.digest().isPresent() ? reference.digest().get() : describe(reference).digest();
    }

    /**
     * HEAD on a manifest that must exist: its descriptor, for callers that need its media type and size (a signer
     * naming it as a bundle's subject).
     *
     * @throws ArtifactNotFoundException when the tag or digest does not exist
     */
    default Descriptor describe(ImageReference reference) {
        return headManifest(reference).orElseThrow(() -> new ArtifactNotFoundException(
                "resolve image", reference.toString(), "no such manifest in the registry", List.of()));
    }

    /** GET a manifest by tag or digest; {@link ArtifactNotFoundException} when it does not exist. */
    RawManifest getManifest(ImageReference reference);

    /** GET a manifest that may legitimately be absent (a signature tag): empty on 404. */
    Optional<RawManifest> findManifest(ImageReference reference);

    /** PUT a manifest under a tag, or by its digest when {@code reference} names one; returns the stored digest. */
    Digest putManifest(ImageReference reference, RawManifest manifest);

    /** GET a blob, refusing more than {@code maxBytes} and bytes that do not hash to {@code digest}. */
    byte[] getBlob(Repository repository, Digest digest, long maxBytes);

    /** Whether a blob exists in the repository. */
    boolean blobExists(Repository repository, Digest digest);

    /** Uploads a blob unless the registry already has it (monolithic POST then PUT). */
    void putBlob(Repository repository, Digest digest, byte[] content);

    /** The repository's tags. */
    List<String> listTags(Repository repository);

    /**
     * The OCI 1.1 referrers of {@code subject}, optionally filtered by artifact type, via the referrers API, or via
     * the {@code sha256-<hex>} referrers tag when the registry has no such API. Empty index when there are none.
     */
    ImageIndex referrers(Repository repository, Digest subject, String artifactType);

    /**
     * The referrers as {@link #referrers(Repository, Digest, String)} lists them, reading at most {@code maxRequests}
     * pages (or the fallback tag); a list longer than that is returned cut, with {@link ReferrerListing#complete()}
     * false, so a caller with a work budget spends it on what it read. The default suits clients that read the whole
     * list in one request.
     */
    default ReferrerListing referrers(Repository repository, Digest subject, String artifactType, int maxRequests) {
        if (maxRequests < 1) {
            return new ReferrerListing(List.of(), 0, 0, false);
        }
        return new ReferrerListing(referrers(repository, subject, artifactType).manifests(), 1, 0, true);
    }

    /**
     * Records a new referrer manifest (already pushed by digest) in the referrers tag schema when the registry lacks
     * the referrers API; a no-op on registries that index {@code subject} themselves.
     */
    void addReferrer(Repository repository, Digest subject, Descriptor referrer);
}

package dev.signet.fuzz;

import dev.signet.events.ingest.TagResolver;
import dev.signet.oci.Digests;
import dev.signet.oci.MediaTypes;
import dev.signet.reference.ImageReference;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Resolves every tag without a registry (the digest is the hash of the reference), so fuzzed Quay and Docker Hub
 * webhooks reach the sink and no request leaves the machine. Used by the webhook targets, and enabled as a CDI
 * alternative by the HTTP fuzz profile only.
 */
@Alternative
@Singleton
public class FuzzTagResolverBean implements TagResolver {

    @Override
    public Optional<ResolvedTag> resolve(ImageReference tagged) {
        return Optional.of(new ResolvedTag(Digests.sha256(tagged.toString().getBytes(StandardCharsets.UTF_8)), MediaTypes.OCI_MANIFEST));
    }
}

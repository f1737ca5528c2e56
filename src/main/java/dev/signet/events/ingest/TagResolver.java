package dev.signet.events.ingest;

import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves a tag to the manifest it names right now, for webhooks that report tags without digests (Quay, Docker
 * Hub). The app wires it to the registry client's manifest HEAD:
 * {@code tagged -> client.headManifest(tagged).map(d -> new TagResolver.ResolvedTag(d.digest(), d.mediaType()))}.
 *
 * <p>Empty means the tag does not exist (any more): nothing to sign. Failures are {@link dev.signet.SignetException}s;
 * a transient one makes the endpoint answer 503 so the registry redelivers, any other one 502.
 */
@FunctionalInterface
public interface TagResolver {

    /** The manifest {@code tagged} names, or empty when there is none. */
    Optional<ResolvedTag> resolve(ImageReference tagged);

    /**
     * What a tag named when it was resolved.
     *
     * @param digest the manifest digest: from now on, the image's identity
     * @param mediaType the manifest media type the registry announced, or null
     */
    record ResolvedTag(Digest digest, String mediaType) {
        public ResolvedTag {
            Objects.requireNonNull(digest, "digest");
        }
    }
}

package dev.signet.events.ingest;

import dev.signet.events.ImagePushedData;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Resolves the tags a digest-less webhook (Quay, Docker Hub) reports, one manifest HEAD each, and builds their
 * pushes. A tag that no longer exists is skipped: it was moved or deleted since, and the push that replaced it
 * brings its own notification. Resolver failures propagate, so the endpoint can answer 503 and be redelivered.
 */
final class TagResolution {
    /** More tags than this in one notification is not a push but an attack on the registry through us. */
    static final int MAX_TAGS = 100;

    private static final Logger LOG = Logger.getLogger(TagResolution.class);

    private final TagResolver resolver;

    TagResolution(TagResolver resolver) {
        this.resolver = resolver;
    }

    /** One push per tag that still exists, with the digest and media type the registry answers now. */
    List<ImagePushedData> pushes(PayloadFields fields, String path, UpstreamKind kind, String upstreamId,
            Repository repository, Collection<Tag> tags, String pushedAt, String actor) {
        if (tags.size() > MAX_TAGS) {
            throw fields.fail(path, "lists " + tags.size() + " tags; at most " + MAX_TAGS + " are resolved per notification");
        }
        return tags.stream()
                .flatMap(tag -> resolve(repository, tag).stream()
                        .map(found -> Pushes.of(kind, upstreamId, repository, Optional.of(tag), found.digest(),
                                ManifestMediaTypes.manifestOrNull(found.mediaType()), pushedAt, actor)))
                .toList();
    }

    private Optional<TagResolver.ResolvedTag> resolve(Repository repository, Tag tag) {
        ImageReference tagged = ImageReference.of(repository, tag);
        Optional<TagResolver.ResolvedTag> found = resolver.resolve(tagged);
        if (found.isEmpty()) {
            LOG.infof("skip %s: the tag no longer exists", tagged);
        }
        return found;
    }
}

package dev.signet.events.ingest;

import dev.signet.events.ImagePushedData;
import dev.signet.reference.Digest;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import java.util.Optional;
import java.util.UUID;

/** Builds {@code image.pushed} data from parsed parts, and the upstream ids of payloads that carry none. */
final class Pushes {
    /** Actor names are display text from the sender; longer ones are cut rather than carried into every event. */
    private static final int MAX_ACTOR_LENGTH = 256;

    private Pushes() {
    }

    /** The pushed image; {@code mediaType}, {@code pushedAt} and {@code actor} may be null. */
    static ImagePushedData of(UpstreamKind kind, String upstreamId, Repository repository, Optional<Tag> tag, Digest digest,
            String mediaType, String pushedAt, String actor) {
        return new ImagePushedData(
                repository.registry().name(),
                repository.path(),
                tag.map(Tag::name).orElse(null),
                digest.toString(),
                mediaType,
                pushedAt,
                actor(actor),
                new ImagePushedData.Upstream(kind.id(), upstreamId));
    }

    /**
     * A stable id for a payload without one (Harbor, Quay, Docker Hub): a name-based UUID of its bytes, so a
     * redelivery of the same notification has the same id. An id, not a content digest: it names no manifest.
     */
    static String bodyId(byte[] body) {
        return UUID.nameUUIDFromBytes(body).toString();
    }

    private static String actor(String actor) {
        if (actor == null || actor.isBlank()) {
            return null;
        }
        return actor.length() > MAX_ACTOR_LENGTH ? actor.substring(0, MAX_ACTOR_LENGTH) : actor;
    }
}

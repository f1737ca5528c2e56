package dev.signet.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The data of {@code dev.signet.image.pushed.v1} (events.md): where the image is, its digest when known, and which
 * upstream notification it came from.
 *
 * @param registry host[:port] as the registry reported it
 * @param repository the repository path, e.g. {@code team/app}
 * @param tag the pushed tag, if any
 * @param digest {@code sha256:<hex>} of the manifest
 * @param mediaType the manifest media type, when the notification says
 * @param pushedAt RFC 3339 time of the push, when known
 * @param actor who pushed, when the registry says
 * @param upstream the notification this came from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImagePushedData(
        String registry,
        String repository,
        String tag,
        String digest,
        String mediaType,
        String pushedAt,
        String actor,
        Upstream upstream) {

    /**
     * The registry notification behind the event.
     *
     * @param kind distribution, harbor, quay, github, dockerhub, cdevents or api
     * @param id the upstream event id, used to drop duplicates
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Upstream(String kind, String id) {
    }

    /** {@code registry/repository@digest}: the CloudEvent subject once the digest is known. */
    public String subject() {
        return registry + "/" + repository + (digest == null ? (tag == null ? "" : ":" + tag) : "@" + digest);
    }
}

package dev.signet.events.inbound;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of a Quay webhook notification: the event data Quay builds for the repository
 * ({@code build_repository_event_data}) plus the event's own fields. A {@code repo_push} carries
 * {@code updated_tags}; build and vulnerability events carry other fields and no {@code updated_tags}. The body
 * does not name the event, so the presence of {@code updated_tags} is what marks a push.
 *
 * @param name the repository name without namespace
 * @param repository {@code <namespace>/<name>}
 * @param namespace the organisation or user
 * @param dockerUrl {@code <SERVER_HOSTNAME>/<namespace>/<name>}: where to pull from
 * @param homepage the repository's web page
 * @param updatedTags the pushed tags: a list of names, or in old (2013) payloads an object mapping each tag to a
 *     legacy image id, which is not a manifest digest
 * @see <a href="https://docs.redhat.com/en/documentation/red_hat_quay/3.3/html/use_red_hat_quay/repository_notifications">Repository Notifications</a>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record QuayNotification(
        String name,
        String repository,
        String namespace,
        @JsonProperty("docker_url") String dockerUrl,
        String homepage,
        @JsonProperty("updated_tags") JsonNode updatedTags) {
}

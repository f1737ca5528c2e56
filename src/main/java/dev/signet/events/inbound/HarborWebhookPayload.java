package dev.signet.events.inbound;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Harbor's webhook payload in its "Default" JSON format ({@code notifier/model.Payload}): an event type such as
 * {@code PUSH_ARTIFACT}, when it happened, who did it and the artifacts concerned. Harbor's other format,
 * CloudEvents, is a different shape and is consumed as {@code harbor.artifact.pushed} by the event functions.
 *
 * @param type PUSH_ARTIFACT, PULL_ARTIFACT, DELETE_ARTIFACT, SCANNING_COMPLETED, ...
 * @param occurAt seconds since the epoch
 * @param operator the user or robot account that caused the event
 * @param eventData the repository and the artifacts
 * @see <a href="https://goharbor.io/docs/latest/working-with-projects/project-configuration/configure-webhooks/">Configure Webhook Notifications</a>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record HarborWebhookPayload(
        String type,
        @JsonProperty("occur_at") Long occurAt,
        String operator,
        @JsonProperty("event_data") EventData eventData) {

    /**
     * What the event is about.
     *
     * @param resources one entry per artifact; Harbor sends one for a push
     * @param repository the project and repository
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record EventData(List<Resource> resources, Repository repository) {
    }

    /**
     * An artifact. For an untagged push Harbor writes the digest into {@code tag} too, and {@code resource_url}
     * ends in {@code @digest} instead of {@code :tag}.
     *
     * @param digest the manifest digest
     * @param tag the first tag, or the digest again when there is none
     * @param resourceUrl {@code <external host[:port]>/<project>/<repository>(:tag|@digest)}, without a scheme
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Resource(String digest, String tag, @JsonProperty("resource_url") String resourceUrl) {
    }

    /**
     * The repository.
     *
     * @param repoFullName {@code <project>/<repository path>}
     * @param repoType public or private
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Repository(
            @JsonProperty("date_created") Long dateCreated,
            String name,
            String namespace,
            @JsonProperty("repo_full_name") String repoFullName,
            @JsonProperty("repo_type") String repoType) {
    }
}

package dev.signet.events.inbound;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Docker Hub's repository webhook: sent on every push, with the tag but no digest, so the tag has to be resolved.
 * The body names no event type; Docker Hub has only the one trigger.
 *
 * @param callbackUrl where Docker Hub accepts a validation callback for webhook chains
 * @param pushData the pushed tag and who pushed it
 * @param repository the repository on Docker Hub
 * @see <a href="https://docs.docker.com/docker-hub/repos/manage/webhooks/">Webhooks</a>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record DockerHubWebhook(
        @JsonProperty("callback_url") String callbackUrl,
        @JsonProperty("push_data") PushData pushData,
        Repository repository) {

    /**
     * The push.
     *
     * @param pushedAt seconds since the epoch; old payloads write it as a float such as {@code 1.417566161e+09}
     * @param pusher the Docker ID that pushed
     * @param tag the pushed tag
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record PushData(@JsonProperty("pushed_at") Double pushedAt, String pusher, String tag) {
    }

    /**
     * The repository.
     *
     * @param repoName {@code <namespace>/<name>}; official images are under {@code library}
     * @param repoUrl the repository's web page
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Repository(
            @JsonProperty("repo_name") String repoName,
            String namespace,
            String name,
            @JsonProperty("repo_url") String repoUrl) {
    }
}

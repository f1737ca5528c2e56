package dev.signet.events.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.events.ImagePushedData;
import dev.signet.events.inbound.DockerHubWebhook;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import java.util.List;

/**
 * Docker Hub repository webhooks: one pushed tag, no digest, so the tag is resolved with a manifest HEAD against
 * {@code docker.io}. Official images are named {@code library/<name>}; a bare name gets that prefix.
 */
public final class DockerHubParser implements NotificationParser {
    private static final String ACTION = "parse docker hub webhook";

    private final NotificationJson json;
    private final TagResolution resolution;

    public DockerHubParser(ObjectMapper mapper, TagResolver resolver) {
        this.json = new NotificationJson(mapper);
        this.resolution = new TagResolution(resolver);
    }

    @Override
    public List<ImagePushedData> parse(WebhookDelivery delivery) {
        PayloadFields fields = new PayloadFields(ACTION);
        DockerHubWebhook webhook = json.read(delivery.body(), DockerHubWebhook.class, ACTION);
        DockerHubWebhook.Repository repo = fields.require(webhook.repository(), "repository");
        Repository repository = fields.repository(Registry.DOCKER_HUB, repo.repoName(), "repository.repo_name");
        DockerHubWebhook.PushData push = fields.require(webhook.pushData(), "push_data");
        Tag tag = fields.tag(push.tag(), "push_data.tag");
        return resolution.pushes(fields, "push_data.tag", UpstreamKind.DOCKERHUB, Pushes.bodyId(delivery.body()), repository,
                List.of(tag), PayloadFields.epochSeconds(push.pushedAt()), push.pusher());
    }
}

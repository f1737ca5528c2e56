package dev.signet.events.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.events.ImagePushedData;
import dev.signet.events.inbound.QuayNotification;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Quay repository notifications: a {@code repo_push} lists {@code updated_tags} but no digests, so each tag is
 * resolved with a manifest HEAD. Quay's other events (builds, mirroring, vulnerabilities) have no
 * {@code updated_tags} and yield nothing.
 */
public final class QuayParser implements NotificationParser {
    private static final String ACTION = "parse quay notification";

    private final NotificationJson json;
    private final TagResolution resolution;

    public QuayParser(ObjectMapper mapper, TagResolver resolver) {
        this.json = new NotificationJson(mapper);
        this.resolution = new TagResolution(resolver);
    }

    @Override
    public List<ImagePushedData> parse(WebhookDelivery delivery) {
        PayloadFields fields = new PayloadFields(ACTION);
        QuayNotification notification = json.read(delivery.body(), QuayNotification.class, ACTION);
        Repository repository = repository(fields, notification.dockerUrl());
        JsonNode updated = notification.updatedTags();
        if (updated == null || updated.isNull()) {
            return List.of();
        }
        return resolution.pushes(fields, "updated_tags", UpstreamKind.QUAY, Pushes.bodyId(delivery.body()), repository,
                tags(fields, updated), null, null);
    }

    /** {@code docker_url} is {@code <SERVER_HOSTNAME>/<namespace>/<name>}: the host always comes first. */
    private static Repository repository(PayloadFields fields, String dockerUrl) {
        String url = fields.require(dockerUrl, "docker_url");
        int scheme = url.indexOf("://");
        String name = scheme >= 0 ? url.substring(scheme + 3) : url;
        int slash = name.indexOf('/');
        if (slash <= 0) {
            throw fields.fail("docker_url", InvalidNotificationException.quote(dockerUrl) + " is not <host>/<namespace>/<name>");
        }
        Registry registry = fields.registry(name.substring(0, slash), "docker_url");
        return fields.repository(registry, name.substring(slash + 1), "docker_url");
    }

    /**
     * A list of tag names, or in 2013-era payloads an object whose keys are the tags (its values are legacy image
     * ids, not manifest digests, so they are not used).
     */
    private static Set<Tag> tags(PayloadFields fields, JsonNode updated) {
        Set<Tag> tags = new LinkedHashSet<>();
        if (updated.isArray()) {
            for (int i = 0; i < updated.size(); i++) {
                JsonNode tag = updated.get(i);
                if (!tag.isTextual()) {
                    throw fields.fail("updated_tags[" + i + "]", "is " + tag.getNodeType().name().toLowerCase(Locale.ROOT) + ", not a tag name");
                }
                tags.add(fields.tag(tag.asText(), "updated_tags[" + i + "]"));
            }
        } else if (updated.isObject()) {
            for (Iterator<String> names = updated.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                tags.add(fields.tag(name, "updated_tags." + name));
            }
        } else {
            throw fields.fail("updated_tags", "is " + updated.getNodeType().name().toLowerCase(Locale.ROOT) + ", not a list of tags");
        }
        return tags;
    }
}

package dev.signet.events.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.events.ImagePushedData;
import dev.signet.events.inbound.DistributionEvent;
import dev.signet.events.inbound.DistributionNotification;
import dev.signet.reference.Digest;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CNCF Distribution notifications (registry:2, Debian's docker-registry 2.8, distribution 3.x): keeps each
 * {@code push} whose target is a manifest or index and skips the rest, as distribution also reports blob uploads,
 * mounts, pulls and deletes through the same envelope. Distribution sends one event per tag, so a push under two
 * tags arrives twice; the deduplicator, not this parser, folds them. Only manifests and indexes count: a blob push
 * has a layer or config media type and a delete has none; schema 1 manifests are left out, as nothing signs them.
 */
public final class DistributionParser implements NotificationParser {
    /** The envelope media types distribution 2.x and 3.x set; plain JSON is accepted too, from relays and tests. */
    public static final List<String> CONTENT_TYPES = List.of(
            "application/vnd.docker.distribution.events.v1+json",
            "application/vnd.docker.distribution.events.v2+json",
            "application/json");

    private static final String ACTION = "parse distribution notification";

    private final NotificationJson json;

    public DistributionParser(ObjectMapper mapper) {
        this.json = new NotificationJson(mapper);
    }

    @Override
    public List<ImagePushedData> parse(WebhookDelivery delivery) {
        PayloadFields fields = new PayloadFields(ACTION);
        DistributionNotification envelope = json.read(delivery.body(), DistributionNotification.class, ACTION);
        List<DistributionEvent> events = fields.require(envelope.events(), "events");
        String bodyId = null;
        List<ImagePushedData> pushes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String path = "events[" + i + "]";
            DistributionEvent event = fields.require(events.get(i), path);
            String mediaType = event.target() == null ? null : ManifestMediaTypes.manifestOrNull(event.target().mediaType());
            if (!"push".equals(event.action()) || mediaType == null) {
                continue;
            }
            DistributionEvent.Target target = event.target();
            Repository repository = fields.repository(registry(fields, event, path), target.repository(), path + ".target.repository");
            Digest digest = fields.digest(target.digest(), path + ".target.digest");
            Optional<Tag> tag = fields.optionalTag(target.tag(), path + ".target.tag");
            String id = event.id();
            if (id == null || id.isEmpty()) {
                bodyId = bodyId == null ? Pushes.bodyId(delivery.body()) : bodyId;
                id = bodyId + "#" + i;
            }
            String actor = event.actor() == null ? null : event.actor().name();
            pushes.add(Pushes.of(UpstreamKind.DISTRIBUTION, id, repository, tag, digest, mediaType,
                    fields.timestamp(event.timestamp(), path + ".timestamp"), actor));
        }
        return pushes;
    }

    /**
     * {@code request.host} is the name clients pushed to, so it is the name to sign under; registries that leave
     * it out still send {@code target.url}, whose authority is the same host as the registry saw it.
     */
    private static Registry registry(PayloadFields fields, DistributionEvent event, String path) {
        String host = event.request() == null ? null : event.request().host();
        if (host != null && !host.isEmpty()) {
            return fields.registry(host, path + ".request.host");
        }
        String url = event.target().url();
        if (url == null || url.isEmpty()) {
            throw fields.fail(path, "has neither request.host nor target.url, so the registry host is unknown");
        }
        return fields.registryOfUrl(url, path + ".target.url");
    }
}

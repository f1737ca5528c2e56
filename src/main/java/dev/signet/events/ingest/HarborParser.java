package dev.signet.events.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.events.ImagePushedData;
import dev.signet.events.inbound.HarborWebhookPayload;
import dev.signet.reference.Digest;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Harbor's default-format webhook: keeps {@code PUSH_ARTIFACT} and ignores the other event types. Harbor builds
 * {@code resource_url} as {@code <external URL without scheme>/<repo_full_name>(:tag|@digest)}, so the host is what
 * precedes the repository; for an untagged push it writes the digest into {@code tag}, which is therefore dropped.
 */
public final class HarborParser implements NotificationParser {
    static final String PUSH_ARTIFACT = "PUSH_ARTIFACT";
    private static final Pattern DEFAULT_FORMAT_TYPE = Pattern.compile("[A-Z][A-Z_]{0,63}");
    private static final String ACTION = "parse harbor webhook payload";

    private final NotificationJson json;

    public HarborParser(ObjectMapper mapper) {
        this.json = new NotificationJson(mapper);
    }

    @Override
    public List<ImagePushedData> parse(WebhookDelivery delivery) {
        PayloadFields fields = new PayloadFields(ACTION);
        HarborWebhookPayload payload = json.read(delivery.body(), HarborWebhookPayload.class, ACTION);
        // Default-format types are upper snake case; anything else (a missing type, the CloudEvents format's
        // harbor.artifact.pushed) is a webhook pointed at the wrong endpoint, which silence would hide
        if (payload.type() == null || !DEFAULT_FORMAT_TYPE.matcher(payload.type()).matches()) {
            throw fields.fail("type", (payload.type() == null ? "is missing" : InvalidNotificationException.quote(payload.type())
                    + " is not a Default-format event type") + "; set the Harbor webhook's payload format to Default "
                    + "(CloudEvents go to /, not /ingest/harbor)");
        }
        if (!PUSH_ARTIFACT.equals(payload.type())) {
            return List.of();
        }
        HarborWebhookPayload.EventData data = fields.require(payload.eventData(), "event_data");
        String fullName = fields.require(fields.require(data.repository(), "event_data.repository").repoFullName(),
                "event_data.repository.repo_full_name");
        List<HarborWebhookPayload.Resource> resources = fields.require(data.resources(), "event_data.resources");
        if (resources.isEmpty()) {
            throw fields.fail("event_data.resources", "is empty; a PUSH_ARTIFACT names the pushed artifact there");
        }
        String id = Pushes.bodyId(delivery.body());
        String pushedAt = PayloadFields.epochSeconds(payload.occurAt());
        List<ImagePushedData> pushes = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            String path = "event_data.resources[" + i + "]";
            HarborWebhookPayload.Resource resource = fields.require(resources.get(i), path);
            Registry registry = fields.registry(host(fields, resource.resourceUrl(), fullName, path + ".resource_url"),
                    path + ".resource_url");
            Repository repository = fields.repository(registry, fullName, "event_data.repository.repo_full_name");
            Digest digest = fields.digest(resource.digest(), path + ".digest");
            String tagText = resource.tag();
            Optional<Tag> tag = tagText != null && PayloadFields.isDigest(tagText)
                    ? Optional.empty()
                    : fields.optionalTag(tagText, path + ".tag");
            pushes.add(Pushes.of(UpstreamKind.HARBOR, id, repository, tag, digest, null, pushedAt, payload.operator()));
        }
        return pushes;
    }

    /** The {@code host[:port]} before {@code /<repo_full_name>}; a scheme, should a proxy add one, is dropped. */
    private static String host(PayloadFields fields, String resourceUrl, String fullName, String path) {
        String url = fields.require(resourceUrl, path);
        int scheme = url.indexOf("://");
        if (scheme >= 0) {
            url = url.substring(scheme + 3);
        }
        int repository = url.lastIndexOf("/" + fullName);
        int end = repository > 0 ? repository : url.indexOf('/');
        if (end <= 0) {
            throw fields.fail(path, InvalidNotificationException.quote(resourceUrl) + " does not start with a registry host");
        }
        return url.substring(0, end);
    }
}

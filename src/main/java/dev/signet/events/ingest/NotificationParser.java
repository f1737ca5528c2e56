package dev.signet.events.ingest;

import dev.signet.events.ImagePushedData;
import java.util.List;

/**
 * Turns one registry's native webhook into the pushes it reports. Events that are not pushes of a manifest (pulls,
 * deletes, blob uploads, builds, scans) yield nothing; a body that cannot be read throws
 * {@link InvalidNotificationException}. Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface NotificationParser {

    /** The manifest pushes the delivery reports, each with a digest; empty when it reports none. */
    List<ImagePushedData> parse(WebhookDelivery delivery);
}

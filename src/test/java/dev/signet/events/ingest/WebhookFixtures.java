package dev.signet.events.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Recorded webhook bodies from {@code src/test/resources/events/ingest} (see its README for provenance). */
final class WebhookFixtures {
    /**
     * Jackson's defaults, stricter than the app's mapper (unknown members fail unless ignored), so the tests prove the
     * inbound records do not depend on the app's lenient configuration.
     */
    static final ObjectMapper MAPPER = new ObjectMapper();
    private WebhookFixtures() {
    }

    /** The exact bytes of a fixture, e.g. {@code quay/repo-push.json}; a missing fixture fails the test. */
    static byte[] bytes(String path) {
        try (InputStream in = WebhookFixtures.class.getResourceAsStream("/events/ingest/" + path)) {
            if (in == null) {
                throw new AssertionError("webhook fixture events/ingest/" + path + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A delivery of the fixture with no headers. */
    static WebhookDelivery delivery(String path) {
        return WebhookDelivery.of(bytes(path));
    }
}

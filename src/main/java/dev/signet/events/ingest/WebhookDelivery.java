package dev.signet.events.ingest;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One webhook request as the parsers see it: the raw body (bounded already) and the request headers, looked up
 * without regard to case as HTTP requires.
 *
 * @param body the exact bytes received; GitHub's HMAC is computed over them
 * @param headers the request headers, first value of each
 */
public record WebhookDelivery(byte[] body, Map<String, String> headers) {

    public WebhookDelivery {
        Objects.requireNonNull(body, "body");
        TreeMap<String, String> insensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    insensitive.putIfAbsent(name, value);
                }
            });
        }
        headers = Collections.unmodifiableMap(insensitive);
    }

    /** A delivery with only a body, as the parser tests use. */
    public static WebhookDelivery of(byte[] body) {
        return new WebhookDelivery(body, Map.of());
    }

    /** The header's first value, or empty; names are case-insensitive. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The media type of the body without parameters, lower-case, or empty when the request did not say. */
    public Optional<String> mediaType() {
        return header("Content-Type")
                .map(value -> value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                .filter(value -> !value.isEmpty());
    }
}

package dev.signet.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.signing.PushClaims;
import dev.signet.signing.PushedImage;
import io.quarkus.funqy.knative.events.CloudEvent;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the push events Signet consumes (events.md "Inputs") into {@link PushedImage}s: Signet's own
 * {@code image.pushed}, Harbor's CloudEvents and CDEvents {@code artifact.published}. Anything unusable is an
 * {@link InvalidEventException} naming the event and the field. What the event says about the push beyond the
 * image (notification kind and id, pusher, time) becomes the push's {@link PushClaims}; those are optional, so one
 * that cannot be read (a time that is not RFC 3339) is left out rather than refusing the push.
 */
final class PushEvents {
    private PushEvents() {
    }

    /**
     * The event's data. Funqy binds binary-mode data only when {@code data()} is called, and throws what Jackson throws
     * (an {@link UncheckedIOException}) or a bare RuntimeException for a content type it cannot read. Both are the
     * producer's mistake: as an {@link InvalidEventException} they are answered with a failure event (200), not a
     * 500 that Knative redelivers without end. The functions call this instead of {@code event.data()}.
     */
    static <T> T data(CloudEvent<T> event) {
        try {
            return event.data();
        } catch (RuntimeException e) {
            Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            String reason = cause instanceof JsonProcessingException json ? json.getOriginalMessage() : cause.getMessage();
            throw new InvalidEventException("read event", event.id(), "data of content type "
                    + SignetException.quote(String.valueOf(event.dataContentType())) + " cannot be read: "
                    + SignetException.quote(reason == null ? cause.getClass().getSimpleName() : reason));
        }
    }

    static PushedImage fromSignet(ImagePushedData data, String eventId) {
        if (data == null || data.registry() == null || data.repository() == null || data.digest() == null) {
            throw new InvalidEventException("read event", eventId, "image.pushed data needs registry, repository and digest");
        }
        // from its parts: a single-label host such as "harbor-core" would read as a Docker Hub path if joined
        Repository repository;
        try {
            repository = Repository.of(Registry.parse(data.registry()), data.repository());
        } catch (SignetException | IllegalArgumentException e) {
            throw new InvalidEventException("read event", eventId, e.getMessage());
        }
        ImagePushedData.Upstream upstream = data.upstream();
        PushClaims claims = new PushClaims(Optional.ofNullable(upstream).map(ImagePushedData.Upstream::kind),
                Optional.ofNullable(upstream).map(ImagePushedData.Upstream::id), Optional.ofNullable(data.actor()), instant(data.pushedAt()));
        return pushed(repository, data.digest(), data.tag(), data.mediaType(), eventId).withClaims(claims);
    }

    /**
     * Harbor's CloudEvents name the pusher in the {@code operator} extension and the push time in {@code time}; the
     * event's own id is the notification's id.
     */
    static PushClaims harborClaims(CloudEvent<?> event) {
        return new PushClaims(Optional.of("harbor"), Optional.ofNullable(event.id()),
                Optional.ofNullable(event.extensions()).map(extensions -> extensions.get("operator")), time(event));
    }

    /**
     * The event's {@code time}, left out when it is not RFC 3339: Funqy parses the attribute only when asked, and a
     * claim the registry got wrong must not refuse the push it describes.
     */
    private static Optional<Instant> time(CloudEvent<?> event) {
        try {
            return Optional.ofNullable(event.time()).map(OffsetDateTime::toInstant);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Harbor (2.8+) CloudEvents: data is Harbor's {@code event_data}; each resource has {@code digest}, {@code tag}
     * (the digest again for untagged pushes) and {@code resource_url} ({@code host/project/repo:tag}).
     */
    static List<PushedImage> fromHarbor(JsonNode data, String eventId) {
        List<PushedImage> pushes = new ArrayList<>();
        for (JsonNode resource : data == null ? List.<JsonNode>of() : iterable(data.path("resources"))) {
            String url = resource.path("resource_url").asText("");
            String digest = resource.path("digest").asText("");
            int at = url.indexOf('@');
            String name = at >= 0 ? url.substring(0, at) : stripTag(url);
            String tag = resource.path("tag").asText("");
            pushes.add(pushed(name, digest, tag.startsWith("sha256:") ? null : tag, null, eventId));
        }
        if (pushes.isEmpty()) {
            throw new InvalidEventException("read event", eventId, "harbor.artifact.pushed data has no resources[]");
        }
        return pushes;
    }

    /**
     * CDEvents artifact.published (0.2.0, 0.3.0): {@code subject.id} is a purl
     * {@code pkg:oci/NAME@sha256%3A<hex>?repository_url=HOST/REPO[&tag=TAG]}.
     */
    static PushedImage fromCdEvent(JsonNode data, String eventId) {
        String purl = data == null ? "" : data.path("subject").path("id").asText("");
        if (!purl.startsWith("pkg:oci/")) {
            throw new InvalidEventException("read event", eventId, "subject.id " + SignetException.quote(purl) + " is not an OCI purl (pkg:oci/...)");
        }
        String rest = purl.substring("pkg:oci/".length());
        int query = rest.indexOf('?');
        String qualifiers = query >= 0 ? rest.substring(query + 1) : "";
        String nameAndVersion = query >= 0 ? rest.substring(0, query) : rest;
        int at = nameAndVersion.indexOf('@');
        if (at < 0) {
            throw new InvalidEventException("read event", eventId, "purl " + SignetException.quote(purl) + " has no digest version");
        }
        String digest = decode(nameAndVersion.substring(at + 1), purl, eventId);
        Optional<String> repositoryUrl = qualifier(qualifiers, "repository_url", purl, eventId);
        if (repositoryUrl.isEmpty()) {
            throw new InvalidEventException("read event", eventId, "purl " + SignetException.quote(purl) + " has no repository_url qualifier");
        }
        JsonNode context = data.path("context");
        PushClaims claims = new PushClaims(Optional.of("cdevents"), text(context.path("id")), Optional.empty(),
                text(context.path("timestamp")).flatMap(PushEvents::instant));
        return pushed(repositoryUrl.get(), digest, qualifier(qualifiers, "tag", purl, eventId).orElse(null), null, eventId).withClaims(claims);
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    /** An RFC 3339 time, or nothing when absent or unreadable. */
    private static Optional<Instant> instant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static PushedImage pushed(String repository, String digest, String tag, String mediaType, String eventId) {
        Repository parsed;
        try {
            parsed = Repository.parse(repository);
        } catch (SignetException e) {
            throw new InvalidEventException("read event", eventId, e.getMessage());
        }
        // outside the try: the next step wraps its own failures, and wrapping twice repeats "read event <id>: "
        return pushed(parsed, digest, tag, mediaType, eventId);
    }

    private static PushedImage pushed(Repository parsedRepository, String digest, String tag, String mediaType, String eventId) {
        try {
            ImageReference image = ImageReference.of(parsedRepository, Digest.parse(digest));
            Optional<Tag> parsedTag = tag == null || tag.isEmpty() ? Optional.empty() : Optional.of(Tag.parse(tag));
            return new PushedImage(image, parsedTag, Optional.ofNullable(mediaType).filter(type -> !type.isEmpty()));
        } catch (SignetException e) {
            throw new InvalidEventException("read event", eventId, e.getMessage());
        }
    }

    private static Optional<String> qualifier(String qualifiers, String name, String purl, String eventId) {
        for (String pair : qualifiers.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return Optional.of(decode(pair.substring(equals + 1), purl, eventId));
            }
        }
        return Optional.empty();
    }

    /** A percent-decoded purl part; URLDecoder throws IllegalArgumentException for a '%' without two hex digits. */
    private static String decode(String encoded, String purl, String eventId) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("read event", eventId, "purl " + SignetException.quote(purl) + " has a '%' not followed by two hex digits");
        }
    }

    private static String stripTag(String url) {
        int slash = url.lastIndexOf('/');
        int colon = url.lastIndexOf(':');
        return colon > slash ? url.substring(0, colon) : url;
    }

    private static Iterable<JsonNode> iterable(JsonNode array) {
        return array::elements;
    }
}

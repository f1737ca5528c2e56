package dev.signet.events.ingest;

import dev.signet.reference.Digest;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Reads the members of one payload into reference types, so a parser holds only values that cannot be invalid.
 * Each failure names the payload ({@code action}) and the member's JSON path, and keeps the reference package's
 * own reason: {@code parse quay notification docker_url: parse registry "QUAY IO": ...}.
 */
final class PayloadFields {
    private final String action;

    PayloadFields(String action) {
        this.action = action;
    }

    /** The action all messages of this payload start with, e.g. {@code parse harbor webhook payload}. */
    String action() {
        return action;
    }

    InvalidNotificationException fail(String path, String cause) {
        return new InvalidNotificationException(action, path, cause);
    }

    /** The member's value, which must be present and not blank. */
    String require(String value, String path) {
        if (value == null || value.isBlank()) {
            throw fail(path, "is missing");
        }
        return value;
    }

    /** A present object member. */
    <T> T require(T value, String path) {
        if (value == null) {
            throw fail(path, "is missing");
        }
        return value;
    }

    Registry registry(String host, String path) {
        try {
            return Registry.parse(require(host, path));
        } catch (InvalidReferenceException e) {
            throw fail(path, e.getMessage());
        }
    }

    /** A repository from a registry and a path such as {@code project/app}; Docker Hub paths get {@code library/}. */
    Repository repository(Registry registry, String repositoryPath, String path) {
        try {
            return Repository.of(registry, require(repositoryPath, path));
        } catch (InvalidReferenceException e) {
            throw fail(path, e.getMessage());
        }
    }

    Digest digest(String text, String path) {
        try {
            return Digest.parse(require(text, path));
        } catch (InvalidReferenceException e) {
            throw fail(path, e.getMessage());
        }
    }

    Tag tag(String text, String path) {
        try {
            return Tag.parse(require(text, path));
        } catch (InvalidReferenceException e) {
            throw fail(path, e.getMessage());
        }
    }

    /** A tag that registries may leave out or send empty (a push by digest). */
    Optional<Tag> optionalTag(String text, String path) {
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(tag(text, path));
    }

    /** Whether {@code text} is a digest: Harbor writes the digest where the tag goes for untagged pushes. */
    static boolean isDigest(String text) {
        try {
            Digest.parse(text);
            return true;
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /** The {@code host[:port]} of an absolute URL such as {@code https://ghcr.io/owner}. */
    Registry registryOfUrl(String url, String path) {
        String authority;
        try {
            authority = URI.create(require(url, path)).getRawAuthority();
        } catch (IllegalArgumentException e) {
            throw fail(path, InvalidNotificationException.quote(url) + " is not a URL");
        }
        if (authority == null || authority.indexOf('@') >= 0) {
            // user info would be credentials: refuse rather than carry them into events
            throw fail(path, InvalidNotificationException.quote(url) + " names no registry host");
        }
        return registry(authority, path);
    }

    /**
     * An RFC 3339 time as {@code Instant.toString()} writes it (UTC), or null when absent or before 1970: GitHub and
     * Go write the zero time {@code 0001-01-01T00:00:00Z} for "unknown".
     */
    String timestamp(String text, String path) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return normalised(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeException e) {
            throw fail(path, InvalidNotificationException.quote(text) + " is not an RFC 3339 time");
        }
    }

    /** Seconds since the epoch, as Harbor and Docker Hub write times, or null when absent or not positive. */
    static String epochSeconds(Number seconds) {
        if (seconds == null || !(seconds.doubleValue() > 0) || seconds.doubleValue() > 253_402_300_799d) {
            return null;
        }
        return normalised(Instant.ofEpochMilli(Math.round(seconds.doubleValue() * 1000)));
    }

    private static String normalised(Instant instant) {
        return instant.getEpochSecond() <= 0 ? null : instant.toString();
    }
}

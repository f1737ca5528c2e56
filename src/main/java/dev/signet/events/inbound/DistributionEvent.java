package dev.signet.events.inbound;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One event of a {@link DistributionNotification} ({@code notifications.Event} in distribution's
 * {@code notifications/event.go}): an action ({@code push}, {@code pull}, {@code mount}, {@code delete}) on a
 * target, with the request, actor and registry node behind it. Delete events carry only the target's digest and
 * repository, so every field may be null.
 *
 * @param id unique per event; the registry keeps it across redeliveries
 * @param timestamp RFC 3339 with nanoseconds, as Go marshals {@code time.Time}
 * @param action push, pull, mount or delete
 * @param target what the action touched: a manifest or a blob
 * @param request the HTTP request that caused the event
 * @param actor who made the request
 * @param source the registry node that emitted the event
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record DistributionEvent(
        String id,
        String timestamp,
        String action,
        Target target,
        Request request,
        Actor actor,
        Source source) {

    /**
     * The event's target: a distribution descriptor plus repository, URL and tag.
     *
     * @param mediaType the manifest or blob media type
     * @param size bytes of content
     * @param length the same as size; kept by distribution for old consumers
     * @param digest {@code <algorithm>:<hex>} of the content
     * @param repository the repository path, without the registry host
     * @param url a direct link to the content, e.g. {@code https://host/v2/repo/manifests/sha256:…}
     * @param tag the tag a manifest was pushed or pulled by; absent for pushes by digest
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Target(
            String mediaType,
            Long size,
            Long length,
            String digest,
            String repository,
            String url,
            String tag) {
    }

    /**
     * The request behind an event.
     *
     * @param host the externally visible host of the registry, from the request's Host header
     * @param method the HTTP method, e.g. PUT for a push
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Request(String id, String addr, String host, String method, String useragent) {
    }

    /**
     * Who initiated the event.
     *
     * @param name the authenticated user or token subject; empty for anonymous requests
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Actor(String name) {
    }

    /**
     * The registry node that generated the event.
     *
     * @param addr host and port of the node, as {@code os.Hostname()} reports it
     * @param instanceID changes on every restart of the registry
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Source(String addr, String instanceID) {
    }
}

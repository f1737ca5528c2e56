package dev.signet.signature;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.json.Json;
import dev.signet.reference.Digest;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Signet's push attestation predicate ({@value #TYPE}): what a registry's notification said about a push, signed by
 * the signer so that a policy can require, say, "pushed by the CI robot account". Every field is the registry's
 * claim, not something Signet observed: the signature vouches only that the registry said so.
 *
 * <p>Schema (JSON object, absent fields left out rather than null):
 * <ul>
 *   <li>{@code registry}: the registry host as the notification named it ({@code request.host} for distribution),
 *       in Signet's canonical form;
 *   <li>{@code repository}: the repository path, without the host;
 *   <li>{@code tag}: the tag pushed, when the push was by tag;
 *   <li>{@code digest}: {@code sha256:<hex>} of the manifest (also the statement's subject);
 *   <li>{@code pusher}: the identity the registry reported (distribution {@code actor.name}, Harbor
 *       {@code operator}), when it reported one; an anonymous push has none;
 *   <li>{@code pushedAt}: the time the registry reported, RFC 3339 in UTC;
 *   <li>{@code source}: which kind of notification it was ({@code distribution}, {@code harbor}, {@code quay},
 *       {@code github}, {@code dockerhub}, {@code cdevents}, or what an {@code image.pushed} producer named);
 *   <li>{@code notificationId}: the notification's id as the registry set it (distribution's event {@code id},
 *       kept across its redeliveries), or the id Signet derived from the payload when it carries none.
 * </ul>
 */
public record PushPredicate(
        Repository repository,
        Optional<Tag> tag,
        Digest digest,
        Optional<String> pusher,
        Optional<Instant> pushedAt,
        Optional<String> source,
        Optional<String> notificationId) {

    /** The predicate type URI; a new schema gets a new version, never a changed meaning. */
    public static final String TYPE = "https://signet.dev/attestations/push/v1";

    public PushPredicate {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(pusher, "pusher");
        Objects.requireNonNull(pushedAt, "pushedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(notificationId, "notificationId");
    }

    /** The predicate as the JSON object the statement carries (its keys are sorted when the statement is built). */
    public byte[] bytes() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("registry", repository.registry().name());
        json.put("repository", repository.path());
        tag.ifPresent(t -> json.put("tag", t.name()));
        json.put("digest", digest.toString());
        pusher.ifPresent(p -> json.put("pusher", p));
        pushedAt.ifPresent(t -> json.put("pushedAt", t.toString()));
        source.ifPresent(s -> json.put("source", s));
        notificationId.ifPresent(id -> json.put("notificationId", id));
        return Json.write(json);
    }
}

package dev.signet.signature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.json.Json;
import dev.signet.reference.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The simple-signing payload cosign signs for an image:
 * {@code {"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},"type":"cosign container
 * image signature"},"optional":O}} with {@code O} null or an object of annotations (cosign-formats.md §2).
 *
 * <p>{@link #toBytes()} writes the bytes cosign writes (compact, that key order, optional keys sorted as Go sorts map
 * keys, no trailing newline). {@link #parse} reads as cosign reads: any key case, {@code optional} null, absent or
 * an object, unknown fields ignored.
 */
public record SimpleSigningPayload(String dockerReference, Digest digest, Map<String, String> optional) {
    /** The {@code critical.type} cosign writes and checks. */
    public static final String TYPE = "cosign container image signature";
    // a payload is a few hundred bytes; annotations add little. Larger blobs are not payloads.
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    public SimpleSigningPayload {
        Objects.requireNonNull(dockerReference, "dockerReference");
        Objects.requireNonNull(digest, "digest");
        optional = optional == null ? null : Collections.unmodifiableMap(new TreeMap<>(optional));
    }

    /** A payload with no annotations ({@code "optional":null}), as {@code cosign sign} without {@code -a} writes. */
    public static SimpleSigningPayload of(String dockerReference, Digest digest) {
        return new SimpleSigningPayload(dockerReference, digest, null);
    }

    /** The exact bytes cosign would sign for this payload. */
    public byte[] toBytes() {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"critical\":{\"identity\":{\"docker-reference\":");
        GoJson.quote(json, dockerReference);
        json.append("},\"image\":{\"docker-manifest-digest\":");
        GoJson.quote(json, digest.toString());
        json.append("},\"type\":");
        GoJson.quote(json, TYPE);
        json.append("},\"optional\":");
        if (optional == null) {
            json.append("null");
        } else {
            json.append('{');
            boolean first = true;
            for (Map.Entry<String, String> entry : optional.entrySet()) {
                json.append(first ? "" : ",");
                GoJson.quote(json, entry.getKey());
                json.append(':');
                GoJson.quote(json, entry.getValue());
                first = false;
            }
            json.append('}');
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a payload leniently, as cosign's case-insensitive Go decoding does. Call only on bytes whose signature
     * has been verified; {@code subject} names the payload in errors.
     */
    public static SimpleSigningPayload parse(byte[] bytes, String subject) {
        if (bytes.length > MAX_PAYLOAD_BYTES) {
            throw new SignatureFormatException("parse payload", subject, "payload of " + bytes.length + " bytes exceeds " + MAX_PAYLOAD_BYTES);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new SignatureFormatException("parse payload", subject, "not JSON");
        }
        JsonNode critical = field(root, "critical");
        String type = text(field(critical, "type"));
        if (!TYPE.equals(type)) {
            throw new SignatureFormatException("parse payload", subject, "critical.type is " + quoted(type) + ", not \"" + TYPE + "\"");
        }
        String reference = text(field(field(critical, "identity"), "docker-reference"));
        String digestText = text(field(field(critical, "image"), "docker-manifest-digest"));
        if (reference == null || digestText == null) {
            throw new SignatureFormatException("parse payload", subject, "critical.identity.docker-reference or critical.image.docker-manifest-digest is missing");
        }
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (RuntimeException e) {
            throw new SignatureFormatException("parse payload", subject, "docker-manifest-digest " + quoted(digestText) + " is not a digest");
        }
        return new SimpleSigningPayload(reference, digest, optional(field(root, "optional"), subject));
    }

    private static Map<String, String> optional(JsonNode node, String subject) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new SignatureFormatException("parse payload", subject, "optional is neither null nor an object");
        }
        Map<String, String> values = new TreeMap<>();
        // cosign's optional is map[string]interface{}: non-string values are kept in their JSON form
        node.fields().forEachRemaining(entry -> values.put(entry.getKey(),
                entry.getValue().isTextual() ? entry.getValue().asText() : entry.getValue().toString()));
        return values;
    }

    /** Looks a field up ignoring case, as Go's encoding/json matches struct fields. */
    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String candidate = names.next();
            if (candidate.equalsIgnoreCase(name)) {
                return node.get(candidate);
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    /** A payload value for a message: escaped and cut, as the payload may hold anything, line breaks included. */
    private static String quoted(String value) {
        return value == null ? "missing" : SignetException.quote(value);
    }

    /** Whether every {@code required} annotation is present with the same value (cosign's {@code verify -a}). */
    public boolean hasAnnotations(Map<String, String> required) {
        if (required.isEmpty()) {
            return true;
        }
        return optional != null && required.entrySet().stream().allMatch(e -> e.getValue().equals(optional.get(e.getKey())));
    }
}

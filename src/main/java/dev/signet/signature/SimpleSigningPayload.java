package dev.signet.signature;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.signet.SignetException;
import dev.signet.json.Json;
import dev.signet.reference.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The simple-signing payload cosign signs for an image:
 * {@code {"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},"type":"cosign container
 * image signature"},"optional":O}} with {@code O} null or an object of annotations (cosign-formats.md §2).
 *
 * <p>{@link #toBytes()} writes the bytes cosign writes (compact, that key order, optional keys sorted as Go sorts map
 * keys, no trailing newline). {@link #parse} reads as cosign's Go decoding reads.
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
     * Reads a payload as cosign's Go decoding does ({@link GoJson#readStruct}): names in any case, the last member
     * for a field wins (an earlier {@code critical} is merged with a later {@code Critical}, as Go fills the same
     * struct twice), {@code optional} null, absent or an object, unknown fields ignored. Call only on bytes whose
     * signature has been verified; {@code subject} names the payload in errors.
     *
     * <p>{@link #optional()} holds the string annotations only. cosign compares a required annotation with the
     * payload's value as Go values ({@code interface{}}), so {@code "n":1} or {@code "b":true} never equals the
     * annotation {@code n=1} or {@code b=true}; keeping their JSON text here would make them match.
     */
    public static SimpleSigningPayload parse(byte[] bytes, String subject) {
        if (bytes.length > MAX_PAYLOAD_BYTES) {
            throw new SignatureFormatException("parse payload", subject, "payload of " + bytes.length + " bytes exceeds " + MAX_PAYLOAD_BYTES);
        }
        Reading read = new Reading(subject);
        try (JsonParser parser = Json.mapper().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new SignatureFormatException("parse payload", subject, "not a JSON object");
            }
            GoJson.readStruct(parser, List.of("critical", "optional"), read::top);
            if (parser.nextToken() != null) {
                throw new SignatureFormatException("parse payload", subject, "data after the JSON object");
            }
        } catch (IOException e) {
            throw new SignatureFormatException("parse payload", subject, "not JSON");
        }
        if (!TYPE.equals(read.type)) {
            throw new SignatureFormatException("parse payload", subject, "critical.type is " + quoted(read.type) + ", not \"" + TYPE + "\"");
        }
        if (read.reference == null || read.digest == null) {
            throw new SignatureFormatException("parse payload", subject, "critical.identity.docker-reference or critical.image.docker-manifest-digest is missing");
        }
        Digest digest;
        try {
            digest = Digest.parse(read.digest);
        } catch (RuntimeException e) {
            throw new SignatureFormatException("parse payload", subject, "docker-manifest-digest " + quoted(read.digest) + " is not a digest");
        }
        return new SimpleSigningPayload(read.reference, digest, read.optional);
    }

    /** The Go struct being filled: each member decoded into it in document order, as Go does. */
    private static final class Reading {
        private final String subject;
        private String type;
        private String reference;
        private String digest;
        private Map<String, String> optional;

        Reading(String subject) {
            this.subject = subject;
        }

        void top(String field, JsonParser parser) throws IOException {
            if (field.equals("critical")) {
                if (struct(parser, "critical")) {
                    GoJson.readStruct(parser, List.of("identity", "image", "type"), this::critical);
                }
            } else {
                optional(parser);
            }
        }

        void critical(String field, JsonParser parser) throws IOException {
            switch (field) {
                case "identity" -> {
                    if (struct(parser, "critical.identity")) {
                        GoJson.readStruct(parser, List.of("docker-reference"), (f, p) -> reference = string(p, reference, "critical.identity." + f));
                    }
                }
                case "image" -> {
                    if (struct(parser, "critical.image")) {
                        GoJson.readStruct(parser, List.of("docker-manifest-digest"), (f, p) -> digest = string(p, digest, "critical.image." + f));
                    }
                }
                default -> type = string(parser, type, "critical.type");
            }
        }

        /** Go: an object fills the map that is there (a second {@code optional} adds to the first), null clears it. */
        private void optional(JsonParser parser) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                optional = null;
                return;
            }
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw new SignatureFormatException("parse payload", subject, "optional is neither null nor an object");
            }
            if (optional == null) {
                optional = new TreeMap<>();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                if (parser.nextToken() == JsonToken.VALUE_STRING) {
                    optional.put(key, parser.getText());
                } else {
                    // a later non-string value replaces an earlier string one, as in Go's map
                    optional.remove(key);
                    parser.skipChildren();
                }
            }
        }

        /** Whether an object follows; null leaves the struct as it is, as in Go; anything else is Go's type error. */
        private boolean struct(JsonParser parser, String path) {
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                return true;
            }
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return false;
            }
            throw new SignatureFormatException("parse payload", subject, path + " is not an object");
        }

        /** A string field: null keeps what was there (Go), a string replaces it, anything else is Go's type error. */
        private String string(JsonParser parser, String current, String path) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                return parser.getText();
            }
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return current;
            }
            throw new SignatureFormatException("parse payload", subject, path + " is not a string");
        }
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

package dev.signet.signature;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fills in-toto-golang's {@code Statement} struct from JSON as {@code cosign verify-attestation}'s
 * {@code encoding/json} does ({@link GoJson#readStruct}): {@code _type}, {@code predicateType}, {@code subject} and
 * {@code predicate} matched ignoring case, the last member winning. Go decodes a second {@code subject} array into
 * the elements already there, so a subject keeps the fields a later array leaves out, and a {@code digest} map
 * gains the keys of a later one; null keeps a string or struct as it was and empties a slice or map.
 */
final class StatementReading {
    private final String subject;
    String type;
    String predicateType;
    JsonNode predicate;
    final List<SubjectReading> subjects = new ArrayList<>();

    /** One {@code Subject}: a name and a digest set ({@code map[string]string}). */
    static final class SubjectReading {
        String name;
        Map<String, String> digest;
    }

    private StatementReading(String subject) {
        this.subject = subject;
    }

    /** Reads {@code bytes}, a JSON object, as Go fills the struct. */
    static StatementReading read(byte[] bytes, String subject) {
        StatementReading read = new StatementReading(subject);
        try (JsonParser parser = Json.mapper().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw read.error("not a JSON object");
            }
            GoJson.readStruct(parser, List.of("_type", "predicateType", "subject", "predicate"), read::top);
            if (parser.nextToken() != null) {
                throw read.error("data after the JSON object");
            }
        } catch (IOException e) {
            throw read.error("not JSON");
        }
        return read;
    }

    private void top(String field, JsonParser parser) throws IOException {
        switch (field) {
            case "_type" -> type = string(parser, type, "_type");
            case "predicateType" -> predicateType = string(parser, predicateType, "predicateType");
            case "predicate" -> predicate = parser.readValueAsTree();
            default -> subjects(parser);
        }
    }

    private void subjects(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            subjects.clear();
            return;
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw error("subject is not an array");
        }
        int i = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (i == subjects.size()) {
                subjects.add(new SubjectReading());
            }
            SubjectReading element = subjects.get(i++);
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                GoJson.readStruct(parser, List.of("name", "digest"), (field, p) -> subjectField(element, field, p));
            } else if (parser.currentToken() != JsonToken.VALUE_NULL) {
                throw error("subject[" + (i - 1) + "] is not an object");
            }
        }
        subjects.subList(i, subjects.size()).clear();
    }

    private void subjectField(SubjectReading element, String field, JsonParser parser) throws IOException {
        if (field.equals("name")) {
            element.name = string(parser, element.name, "subject.name");
            return;
        }
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            element.digest = null;
            return;
        }
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw error("subject.digest is not an object");
        }
        if (element.digest == null) {
            element.digest = new TreeMap<>();
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String algorithm = parser.currentName();
            parser.nextToken();
            element.digest.put(algorithm, string(parser, element.digest.get(algorithm), "subject.digest." + algorithm));
        }
    }

    private String string(JsonParser parser, String current, String path) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return current;
        }
        throw error(path + " is not a string");
    }

    private SignatureFormatException error(String cause) {
        return new SignatureFormatException("parse statement", subject, cause);
    }
}

package dev.signet.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a document against a CRD's structural openAPIV3Schema the way the API server treats a custom resource, for
 * the parts Signet's CRDs use: types, enums, required fields, minItems, minimum, and unknown fields (which the API
 * server prunes silently unless {@code x-kubernetes-preserve-unknown-fields} is set, so a misspelt policy field would
 * vanish instead of failing; here it is reported).
 * https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
 */
final class StructuralSchema {
    private static final String PRESERVE = "x-kubernetes-preserve-unknown-fields";

    private StructuralSchema() {
    }

    /** What is wrong with {@code value}, one line per problem with its JSON path; empty when it conforms. */
    static List<String> problems(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "", problems);
        return problems;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !hasType(value, type)) {
            problems.add(at(path) + ": expected " + type + ", found " + value.getNodeType().name().toLowerCase());
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            problems.add(at(path) + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (schema.has("minimum") && value.isNumber() && value.asLong() < schema.get("minimum").asLong()) {
            problems.add(at(path) + ": " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                problems.add(at(path) + ": fewer than " + schema.get("minItems") + " items");
            }
            for (int i = 0; i < value.size(); i++) {
                check(schema.path("items"), value.get(i), path + "[" + i + "]", problems);
            }
        }
        if (value.isObject()) {
            checkObject(schema, value, path, problems);
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> problems) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(at(path) + ": missing required field " + required.asText());
            }
        }
        JsonNode properties = schema.path("properties");
        boolean preserve = schema.path(PRESERVE).asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String child = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), child, problems);
            } else if (!preserve) {
                problems.add(at(child) + ": unknown field (the API server would drop it)");
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> throw new IllegalArgumentException("check schema: unsupported type " + type);
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String at(String path) {
        return path.isEmpty() ? "." : path;
    }
}

package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.signet.SignetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Typed reads of one object of a policy document, every error naming the field by its path in the policy
 * ({@code compile policy prod: rules[0].verifyImages[1].attestors[0].count must be a whole number of at least 1}),
 * as {@code events.ingest.PayloadFields} does for webhooks. It remembers which fields were read, so what the
 * compiler never looked at is reported as not evaluated instead of silently dropped.
 */
final class PolicyFields {
    private final JsonNode node;
    private final String path;
    private final Compilation compilation;
    private final PolicyId policy;
    private final Set<String> read = new HashSet<>();

    /** Use {@link Compilation#fields}, which keeps every reader so that unread fields can be collected. */
    PolicyFields(JsonNode node, String path, Compilation compilation) {
        this.compilation = compilation;
        this.policy = compilation.id();
        if (!node.isObject()) {
            throw invalid(policy, path, "is not an object", null);
        }
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    /** The path of one of this object's fields. */
    String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Whether the field is present (and not null). */
    boolean has(String field) {
        read.add(field);
        JsonNode value = node.path(field);
        return !value.isMissingNode() && !value.isNull();
    }

    /** The field as it is, for readers of free-form values; missing or null reads as a missing node. */
    /** Marks every field read: an object compiled to {@code error} as a whole, whose fields are not to be listed as unread. */
    void readAll() {
        node.fieldNames().forEachRemaining(read::add);
    }

    JsonNode raw(String field) {
        read.add(field);
        return node.path(field);
    }

    Optional<PolicyFields> object(String field) {
        return has(field) ? Optional.of(compilation.fields(node.path(field), pathOf(field))) : Optional.empty();
    }

    Optional<String> text(String field) {
        return typed(field, JsonNode::isTextual, "must be a string").map(JsonNode::textValue);
    }

    String requiredText(String field) {
        return text(field).orElseThrow(() -> invalid(field, "is missing"));
    }

    boolean bool(String field, boolean fallback) {
        return typed(field, JsonNode::isBoolean, "must be true or false").map(JsonNode::booleanValue).orElse(fallback);
    }

    /** The field when present, which must then be of the type {@code is} accepts. */
    private Optional<JsonNode> typed(String field, Predicate<JsonNode> is, String cause) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.path(field);
        if (!is.test(value)) {
            throw invalid(field, cause);
        }
        return Optional.of(value);
    }

    List<String> strings(String field) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode value = node.path(field);
        if (!value.isArray()) {
            throw invalid(field, "must be a list of strings");
        }
        List<String> strings = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw invalid(field, "must be a list of strings");
            }
            strings.add(item.textValue());
        }
        return strings;
    }

    /** A list that must be present; its items are read by the caller. */
    JsonNode list(String field) {
        if (!has(field)) {
            throw invalid(field, "is missing");
        }
        return optionalList(field);
    }

    /** A list that may be absent (then empty). */
    JsonNode optionalList(String field) {
        JsonNode value = raw(field);
        if (value.isMissingNode() || value.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!value.isArray()) {
            throw invalid(field, "is not a list");
        }
        return value;
    }

    /** A map of strings (labels, annotations); absent reads as empty. */
    Map<String, String> stringMap(String field) {
        if (!has(field)) {
            return Map.of();
        }
        JsonNode value = node.path(field);
        if (!value.isObject()) {
            throw invalid(field, "must be a map of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw invalid(policy, pathOf(field) + "[" + SignetException.quote(entry.getKey()) + "]", "must be a string", null);
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    /** The fields present that nothing read, as paths: what Signet did not evaluate. */
    List<String> unread() {
        List<String> unread = new ArrayList<>();
        node.fieldNames().forEachRemaining(field -> {
            if (!read.contains(field)) {
                unread.add(pathOf(field));
            }
        });
        return unread;
    }

    /** An error about one of this object's fields. */
    PolicyException invalid(String field, String cause) {
        return invalid(policy, pathOf(field), cause, null);
    }

    PolicyException invalid(String field, String cause, String hint) {
        return invalid(policy, pathOf(field), cause, hint);
    }

    /** An error about this object itself. */
    PolicyException invalidHere(String cause, String hint) {
        return invalid(policy, path, cause, hint);
    }

    static PolicyException invalid(PolicyId policy, String path, String cause, String hint) {
        return new PolicyException("compile policy", policy.displayName(), path + " " + cause, hint);
    }
}

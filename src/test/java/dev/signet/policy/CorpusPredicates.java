package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.sigstore.TextMatch;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal predicate that meets an attestation's conditions, when they are of the simple kinds Kyverno's tests use:
 * {@code {{ path }}} equal to a value, and {@code {{ regex_match('RE', '{{ path }}') }}} equal to {@code true} (the
 * value read back from the expression as identities are, {@link CorpusIdentities#candidates}). Anything else: none.
 */
final class CorpusPredicates {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("\\{\\{\\s*([A-Za-z_][\\w.]*)\\s*}}");
    private static final Pattern REGEX_MATCH = Pattern.compile("\\{\\{\\s*regex_match\\('((?:[^']|'')*)',\\s*'\\{\\{\\s*([A-Za-z_][\\w.]*)\\s*}}'\\)\\s*}}");

    private CorpusPredicates() {
    }

    /** The predicate's JSON, or empty when the conditions are not of a kind synthesised here. */
    static Optional<String> predicate(JsonNode document, AttestationRule attestation) {
        if (attestation.conditions().blocks().isEmpty()) {
            return Optional.of("{}");
        }
        JsonNode conditions = at(document.path("spec"), attestation.path()).path("conditions");
        if (!conditions.isArray()) {
            return Optional.empty();
        }
        ObjectNode predicate = JSON.createObjectNode();
        for (JsonNode block : conditions) {
            JsonNode all = block.has("all") ? block.get("all") : block.path("any");
            if (!all.isArray() || all.isEmpty() || block.has("all") && block.has("any")) {
                return Optional.empty();
            }
            // every condition of an all block must hold; the first of an any block is enough
            for (JsonNode condition : block.has("all") ? all : JSON.createArrayNode().add(all.get(0))) {
                if (!set(predicate, condition)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(predicate.toString());
    }

    private static boolean set(ObjectNode predicate, JsonNode condition) {
        String key = condition.path("key").asText("").strip();
        String operator = condition.path("operator").asText("");
        JsonNode value = condition.path("value");
        if (!operator.equals("Equals") && !operator.equals("Equal")) {
            return false;
        }
        Matcher regex = REGEX_MATCH.matcher(key);
        if (regex.matches() && (value.asText().equals("true"))) {
            TextMatch match = TextMatch.regexp(regex.group(1).replace("''", "'"));
            Optional<String> candidate = CorpusIdentities.candidates(match).stream().filter(match::matches).findFirst();
            candidate.ifPresent(text -> put(predicate, regex.group(2), JSON.getNodeFactory().textNode(text)));
            return candidate.isPresent();
        }
        Matcher path = PATH.matcher(key);
        if (path.matches() && value.isValueNode()) {
            put(predicate, path.group(1), value);
            return true;
        }
        return false;
    }

    private static void put(ObjectNode root, String dotted, JsonNode value) {
        String[] parts = dotted.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) && node.get(parts[i]).isObject() ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
    }

    /** The node at a compiled path such as {@code rules[0].verifyImages[1].attestations[0]}. */
    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String segment : path.split("\\.")) {
            Matcher indexed = Pattern.compile("([^\\[]+)((?:\\[\\d+])*)").matcher(segment);
            if (!indexed.matches()) {
                return JSON.missingNode();
            }
            node = node.path(indexed.group(1));
            Matcher index = Pattern.compile("\\[(\\d+)]").matcher(indexed.group(2));
            while (index.find()) {
                node = node.path(Integer.parseInt(index.group(1)));
            }
        }
        return node;
    }
}

package dev.signet.conditions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.signet.SignetException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A Kyverno {@code conditions} list, compiled: every block holds for the conditions to pass. Built by
 * {@link ConditionsEvaluator#compile}, which checks operators and expressions at load time.
 */
public record Conditions(List<ConditionBlock> blocks) {

    public Conditions {
        blocks = List.copyOf(blocks);
    }

    /** Conditions that always pass (a rule without conditions). */
    public static Conditions none() {
        return new Conditions(List.of());
    }

    /** Reads the JSON shape; a single {@code {any, all}} object is read as a list of one, as Kyverno reads preconditions. */
    static Conditions read(JsonNode node, String path, Limits limits) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return none();
        }
        List<JsonNode> elements = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(elements::add);
        } else if (node.isObject()) {
            elements.add(node);
        } else {
            throw new ConditionsException(path, "conditions must be a list of {any, all} blocks");
        }
        List<ConditionBlock> blocks = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < elements.size(); i++) {
            JsonNode block = elements.get(i);
            String blockPath = node.isArray() ? path + "[" + i + "]" : path;
            if (!block.isObject()) {
                throw new ConditionsException(blockPath, "a conditions entry must be an object with any and/or all");
            }
            for (Iterator<String> names = block.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("any") && !name.equals("all")) {
                    throw new ConditionsException(blockPath, "unknown field " + SignetException.quote(name) + "; expected any or all");
                }
            }
            Optional<List<Condition>> any = block.has("any") && !block.get("any").isNull()
                    ? Optional.of(list(block.get("any"), blockPath + ".any")) : Optional.empty();
            List<Condition> all = block.has("all") && !block.get("all").isNull() ? list(block.get("all"), blockPath + ".all") : List.of();
            count += any.map(List::size).orElse(0) + all.size();
            if (count > limits.maxConditions()) {
                throw new ConditionsException(path, "more than " + limits.maxConditions() + " conditions");
            }
            blocks.add(new ConditionBlock(any, all));
        }
        return new Conditions(blocks);
    }

    private static List<Condition> list(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new ConditionsException(path, "must be a list of conditions");
        }
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String entryPath = path + "[" + i + "]";
            if (!entry.isObject()) {
                throw new ConditionsException(entryPath, "a condition must be an object with key, operator and value");
            }
            JsonNode operatorName = entry.get("operator");
            Operator operator = Operator.parse(operatorName == null ? null : operatorName.asText())
                    .orElseThrow(() -> new ConditionsException(entryPath, "operator "
                            + SignetException.quote(operatorName == null ? "" : operatorName.asText()) + " is not one Kyverno has"));
            JsonNode key = entry.has("key") ? entry.get("key") : NullNode.getInstance();
            JsonNode value = entry.has("value") ? entry.get("value") : NullNode.getInstance();
            for (JsonNode template : List.of(key, value)) {
                if (depth(template, 0) > MAX_TEMPLATE_DEPTH) {
                    throw new ConditionsException(entryPath, "key or value nests deeper than " + MAX_TEMPLATE_DEPTH + " levels");
                }
            }
            JsonNode message = entry.get("message");
            conditions.add(new Condition(entryPath, key, operator, value, message == null || message.isNull() ? "" : message.asText()));
        }
        return conditions;
    }

    // a key or value is a literal in a policy: a few levels deep. Deeper is refused before anything recurses into it
    static final int MAX_TEMPLATE_DEPTH = 32;

    private static int depth(JsonNode node, int level) {
        if (level > MAX_TEMPLATE_DEPTH || !node.isContainerNode()) {
            return level;
        }
        int deepest = level + 1;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child, level + 1));
        }
        return deepest;
    }

    /** How many conditions there are in all blocks. */
    public int size() {
        return blocks.stream().mapToInt(b -> b.any().map(List::size).orElse(0) + b.all().size()).sum();
    }
}

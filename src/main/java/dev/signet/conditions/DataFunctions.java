package dev.signet.conditions;

import static io.burt.jmespath.JmesPathType.ARRAY;
import static io.burt.jmespath.JmesPathType.NUMBER;
import static io.burt.jmespath.JmesPathType.OBJECT;
import static io.burt.jmespath.JmesPathType.STRING;
import static io.burt.jmespath.function.ArgumentConstraints.typeOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.SignetException;
import io.burt.jmespath.function.Function;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kyverno's functions over structured data (pkg/engine/jmespath/functions.go): parse_json, lookup, items,
 * object_from_lists, label_match and semver_compare (blang/semver ranges: comparators joined by spaces, alternatives
 * by {@code ||}; the {@code x} wildcards are not supported and are an evaluation error).
 */
final class DataFunctions {
    private DataFunctions() {
    }

    static List<Function> all() {
        return List.of(
                new KyvernoFunction("parse_json", DataFunctions::parseJson, typeOf(STRING)),
                new KyvernoFunction("lookup", DataFunctions::lookup, typeOf(OBJECT, ARRAY), typeOf(STRING, NUMBER)),
                new KyvernoFunction("items", DataFunctions::items, typeOf(OBJECT, ARRAY), typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("object_from_lists", DataFunctions::objectFromLists, typeOf(ARRAY), typeOf(ARRAY)),
                new KyvernoFunction("label_match", DataFunctions::labelMatch, typeOf(OBJECT), typeOf(OBJECT)),
                new KyvernoFunction("semver_compare", DataFunctions::semverCompare, typeOf(STRING), typeOf(STRING)));
    }

    private static JsonNode parseJson(KyvernoFunction.Args a) {
        JsonNode parsed = JsonText.parse(a.text(0));
        if (parsed == null) {
            throw a.fail("argument is not JSON");
        }
        BudgetedRuntime.current().charge(a.text(0).length() / 16 + 1);
        return parsed;
    }

    private static JsonNode lookup(KyvernoFunction.Args a) {
        JsonNode collection = a.get(0);
        JsonNode key = a.get(1);
        if (collection.isObject()) {
            if (!key.isTextual()) {
                throw a.fail("an object is looked up by a string key");
            }
            JsonNode value = collection.get(key.textValue());
            return value == null ? KyvernoFunction.NODES.nullNode() : value;
        }
        if (!key.isNumber() || key.asDouble() != Math.rint(key.asDouble())) {
            throw a.fail("an array is looked up by a whole number");
        }
        double index = key.asDouble();
        return index < 0 || index >= collection.size() ? KyvernoFunction.NODES.nullNode() : collection.get((int) index);
    }

    private static JsonNode items(KyvernoFunction.Args a) {
        JsonNode collection = a.get(0);
        List<JsonNode> out = new ArrayList<>();
        if (collection.isObject()) {
            List<String> names = new ArrayList<>();
            collection.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                out.add(pair(a, KyvernoFunction.text(name), collection.get(name)));
            }
        } else {
            for (int i = 0; i < collection.size(); i++) {
                out.add(pair(a, KyvernoFunction.number(i), collection.get(i)));
            }
        }
        BudgetedRuntime.current().charge(out.size());
        return KyvernoFunction.array(out);
    }

    private static JsonNode pair(KyvernoFunction.Args a, JsonNode key, JsonNode value) {
        ObjectNode item = KyvernoFunction.NODES.objectNode();
        item.set(a.text(1), key);
        item.set(a.text(2), value);
        return item;
    }

    private static JsonNode objectFromLists(KyvernoFunction.Args a) {
        ObjectNode object = KyvernoFunction.NODES.objectNode();
        JsonNode keys = a.get(0);
        JsonNode values = a.get(1);
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i).isTextual()) {
                throw a.fail("keys must be strings");
            }
            object.set(keys.get(i).textValue(), i < values.size() ? values.get(i) : KyvernoFunction.NODES.nullNode());
        }
        BudgetedRuntime.current().charge(keys.size());
        return object;
    }

    /** label_match(selector, labels): every selector entry present in the labels with the same value. */
    private static JsonNode labelMatch(KyvernoFunction.Args a) {
        for (Iterator<Map.Entry<String, JsonNode>> it = a.get(0).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode actual = a.get(1).get(entry.getKey());
            if (actual == null || !Equality.same(actual, entry.getValue())) {
                return KyvernoFunction.NODES.booleanNode(false);
            }
        }
        return KyvernoFunction.NODES.booleanNode(true);
    }

    private static JsonNode semverCompare(KyvernoFunction.Args a) {
        SemanticVersion version = SemanticVersion.parse(a.text(0)).orElseThrow(() -> a.fail("version "
                + SignetException.quote(a.text(0)) + " is not a semantic version"));
        for (String alternative : a.text(1).split("\\|\\|")) {
            boolean all = true;
            for (String comparator : alternative.trim().split("\\s+")) {
                all &= satisfies(a, version, comparator);
            }
            if (all) {
                return KyvernoFunction.NODES.booleanNode(true);
            }
        }
        return KyvernoFunction.NODES.booleanNode(false);
    }

    private static boolean satisfies(KyvernoFunction.Args a, SemanticVersion version, String comparator) {
        String[] operators = {">=", "<=", "!=", "==", ">", "<", "=", "!"};
        String operator = "";
        for (String candidate : operators) {
            if (comparator.startsWith(candidate)) {
                operator = candidate;
                break;
            }
        }
        String text = comparator.substring(operator.length());
        Optional<SemanticVersion> bound = SemanticVersion.parse(text);
        if (bound.isEmpty()) {
            throw a.fail("range element " + SignetException.quote(comparator) + " is not a comparator Signet reads");
        }
        int c = version.compareTo(bound.get());
        return switch (operator) {
            case ">=" -> c >= 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case "<" -> c < 0;
            case "!=", "!" -> c != 0;
            default -> c == 0;
        };
    }
}

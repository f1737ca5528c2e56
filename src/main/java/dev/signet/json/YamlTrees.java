package dev.signet.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * YAML documents read as kubectl reads them (sigs.k8s.io/yaml: YAML 1.1 to JSON): anchors and aliases resolved to the
 * content they name, merge keys ({@code <<: *base}) applied, scalars typed by YAML's rules, timestamps kept as text.
 * Jackson's YAML parser hands an alias over as its anchor's name, so {@code image: *img} read as the image
 * {@code img}: a manifest or policy then meant something other than what kubectl would apply.
 *
 * <p>Bounded: at most {@link Json}'s YAML limits (50 aliases, 4 Mi code points, depth 64) and
 * {@link #MAX_NODES} nodes after alias expansion, so a small document cannot expand into a huge tree.
 */
final class YamlTrees {
    static final int MAX_NODES = 1_000_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private int nodes;

    private YamlTrees() {
    }

    /** Every document of {@code text} that is not empty, in order. */
    static List<JsonNode> read(String text, LoaderOptions limits) {
        Yaml yaml = new Yaml(new SafeConstructor(limits), new Representer(new DumperOptions()), new DumperOptions(), limits);
        List<JsonNode> documents = new ArrayList<>();
        YamlTrees converter = new YamlTrees();
        for (Node document : yaml.composeAll(new StringReader(text))) {
            if (document != null) {
                JsonNode tree = converter.convert(document, 0);
                if (!tree.isNull()) {
                    documents.add(tree);
                }
            }
        }
        return documents;
    }

    private JsonNode convert(Node node, int depth) {
        if (++nodes > MAX_NODES) {
            throw new IllegalArgumentException("more than " + MAX_NODES + " nodes once aliases are expanded");
        }
        if (depth > 64) {
            throw new IllegalArgumentException("nested deeper than 64 levels once aliases are expanded");
        }
        if (node instanceof MappingNode mapping) {
            ObjectNode object = NODES.objectNode();
            // merge keys first ("<<: *base" or "<<: [*a, *b]", earlier ones win), then the explicit keys override them
            for (NodeTuple tuple : mapping.getValue()) {
                if (Tag.MERGE.equals(tuple.getKeyNode().getTag())) {
                    merge(object, tuple.getValueNode(), depth + 1);
                }
            }
            for (NodeTuple tuple : mapping.getValue()) {
                if (!Tag.MERGE.equals(tuple.getKeyNode().getTag())) {
                    JsonNode key = convert(tuple.getKeyNode(), depth + 1);
                    object.set(key.isValueNode() ? key.asText() : key.toString(), convert(tuple.getValueNode(), depth + 1));
                }
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode();
            for (Node item : sequence.getValue()) {
                array.add(convert(item, depth + 1));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    private void merge(ObjectNode into, Node source, int depth) {
        List<Node> sources = source instanceof SequenceNode sequence ? sequence.getValue() : List.of(source);
        for (Node each : sources) {
            JsonNode merged = convert(each, depth);
            if (!merged.isObject()) {
                throw new IllegalArgumentException("a merge key (<<) takes a mapping or a list of mappings");
            }
            merged.fields().forEachRemaining(field -> {
                if (!into.has(field.getKey())) {
                    into.set(field.getKey(), field.getValue());
                }
            });
        }
    }

    private static JsonNode scalar(ScalarNode scalar) {
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return NODES.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return NODES.booleanNode(switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "y" -> true;
                default -> false;
            });
        }
        if (Tag.INT.equals(tag)) {
            try {
                return NODES.numberNode(intValue(value));
            } catch (NumberFormatException e) {
                return NODES.textNode(value);
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return NODES.numberNode(Double.parseDouble(value.replace("_", "")));
            } catch (NumberFormatException e) {
                return NODES.textNode(value); // .inf, .nan: JSON has neither, kubectl would refuse them
            }
        }
        return NODES.textNode(value);
    }

    private static BigInteger intValue(String text) {
        String value = text.replace("_", "");
        boolean negative = value.startsWith("-");
        String digits = value.startsWith("-") || value.startsWith("+") ? value.substring(1) : value;
        BigInteger number;
        if (digits.startsWith("0x")) {
            number = new BigInteger(digits.substring(2), 16);
        } else if (digits.startsWith("0b")) {
            number = new BigInteger(digits.substring(2), 2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            number = new BigInteger(digits.substring(1), 8);
        } else {
            number = new BigInteger(digits);
        }
        return negative ? number.negate() : number;
    }
}

package dev.signet.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Structure-aware JSON mutations on a parsed tree, so a mutant is still JSON and reaches the code behind the syntax
 * check: deleted members, type swaps (string, number, array, object, boolean, null), mutated or huge strings, edge
 * numbers, deep nesting, repeated array elements, renamed keys (Go's JSON is case-insensitive), members borrowed from
 * other seeds, and base64 values decoded, mutated and re-encoded. Now and then the serialised mutant also gets a byte
 * mutation, which breaks the syntax in a place a plain byte fuzzer rarely reaches. Input that is not JSON gets
 * byte mutations only.
 */
final class JsonMutator implements Mutator<byte[]> {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final String NEST_MARKER = "__signet_fuzz_nest__";
    private static final Map<List<byte[]>, Pool> POOLS = new ConcurrentHashMap<>();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10_000).build());
    }

    private final ByteMutator bytes = new ByteMutator();

    @Override
    public byte[] mutate(byte[] seed, SplittableRandom random, List<byte[]> pool) {
        JsonNode root = parse(seed);
        if (root == null || random.nextInt(10) == 0) {
            return bytes.mutate(seed, random, pool);
        }
        return mutate(root, random, pool, POOLS.computeIfAbsent(pool, Pool::new));
    }

    private byte[] mutate(JsonNode root, SplittableRandom random, List<byte[]> pool, Pool known) {
        int rounds = 1 + (random.nextInt(3) == 0 ? random.nextInt(4) : 0);
        Holder holder = new Holder(root.deepCopy());
        int nest = 0;
        for (int i = 0; i < rounds; i++) {
            nest = Math.max(nest, once(holder, random, known));
        }
        String text;
        try {
            text = random.nextInt(4) == 0 ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(holder.root)
                    : MAPPER.writeValueAsString(holder.root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (nest > 0) {
            // deep nesting is spliced in as text: Jackson's writer would recurse as deep as the document
            boolean arrays = random.nextBoolean();
            String open = arrays ? "[" : "{\"a\":";
            String close = arrays ? "]" : "}";
            text = text.replace("\"" + NEST_MARKER + "\"", open.repeat(nest) + "1" + close.repeat(nest));
        }
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        return random.nextInt(7) == 0 ? ByteMutator.once(out, random, pool) : out;
    }

    static JsonNode parse(byte[] input) {
        try {
            JsonNode node = MAPPER.readTree(input);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    /** One structural change; returns a nesting depth to splice in, or 0. */
    private int once(Holder holder, SplittableRandom random, Pool known) {
        List<Slot> slots = new ArrayList<>();
        collect(holder, null, null, -1, holder.root, slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        JsonNode value = slot.value();
        switch (random.nextInt(12)) {
            case 0 -> slot.delete();
            case 1, 2 -> slot.replace(swapType(value, random, known));
            case 3, 4 -> {
                if (value.isTextual()) {
                    slot.replace(TextNode.valueOf(mutateText(value.asText(), random)));
                } else if (slot.key() != null) {
                    slot.rename(mutateText(slot.key(), random));
                } else {
                    slot.replace(swapType(value, random, known));
                }
            }
            case 5 -> {
                if (slot.key() != null) {
                    slot.rename(renamed(slot.key(), random, known));
                } else {
                    slot.replace(known.anyValue(random));
                }
            }
            case 6 -> {
                if (value.isObject()) {
                    ((ObjectNode) value).set(known.anyKey(random), random.nextBoolean() ? known.anyValue(random) : scalar(random, known));
                } else if (value.isArray()) {
                    repeat((ArrayNode) value, random);
                } else {
                    slot.replace(known.anyValue(random));
                }
            }
            case 7 -> slot.replace(known.anyValue(random));
            case 8 -> {
                if (value.isTextual() && base64(value.asText()) != null) {
                    slot.replace(TextNode.valueOf(mutateBase64(value.asText(), random)));
                } else if (value.isArray()) {
                    repeat((ArrayNode) value, random);
                } else {
                    slot.replace(number(random));
                }
            }
            case 9 -> {
                if (random.nextInt(4) == 0) {
                    slot.replace(TextNode.valueOf(NEST_MARKER));
                    return random.nextInt(3) == 0 ? 2 + random.nextInt(64) : 100 + random.nextInt(5000);
                }
                slot.replace(wrap(value, 1 + random.nextInt(8), random));
            }
            case 10 -> {
                if (random.nextInt(6) == 0) {
                    slot.replace(TextNode.valueOf(huge(random)));
                } else {
                    slot.replace(TextNode.valueOf(mutateText(value.isValueNode() ? value.asText() : "", random)));
                }
            }
            default -> {
                if (value.isTextual() && base64(value.asText()) != null) {
                    slot.replace(TextNode.valueOf(mutateBase64(value.asText(), random)));
                } else {
                    slot.replace(swapType(value, random, known));
                }
            }
        }
        return 0;
    }

    private static void repeat(ArrayNode array, SplittableRandom random) {
        JsonNode element = array.isEmpty() ? NODES.textNode("x") : array.get(random.nextInt(array.size()));
        int times = random.nextInt(4) == 0 ? 90 + random.nextInt(1200) : 1 + random.nextInt(4);
        // repeated repeats grow geometrically: keep a mutant within a few MiB, as the parsers' inputs are
        times = Math.min(times, Math.max(1, ByteMutator.MAX_SIZE / 2 / (element.toString().length() + 1)));
        for (int i = 0; i < times; i++) {
            array.add(element.deepCopy());
        }
    }

    private static JsonNode wrap(JsonNode value, int depth, SplittableRandom random) {
        JsonNode wrapped = value;
        for (int i = 0; i < depth; i++) {
            wrapped = random.nextBoolean() ? NODES.arrayNode().add(wrapped) : NODES.objectNode().set("a", wrapped);
        }
        return wrapped;
    }

    private static JsonNode swapType(JsonNode value, SplittableRandom random, Pool known) {
        return switch (random.nextInt(8)) {
            case 0 -> NODES.nullNode();
            case 1 -> number(random);
            case 2 -> NODES.textNode(value.isValueNode() ? value.asText() : value.toString());
            case 3 -> NODES.arrayNode().add(value.deepCopy());
            case 4 -> NODES.objectNode().set(known.anyKey(random), value.deepCopy());
            case 5 -> NODES.booleanNode(random.nextBoolean());
            case 6 -> random.nextBoolean() ? NODES.arrayNode() : NODES.objectNode();
            default -> scalar(random, known);
        };
    }

    private static JsonNode scalar(SplittableRandom random, Pool known) {
        return switch (random.nextInt(4)) {
            case 0 -> number(random);
            case 1 -> NODES.textNode(known.anyString(random));
            case 2 -> NODES.textNode(mutateText(known.anyString(random), random));
            default -> NODES.textNode("");
        };
    }

    private static JsonNode number(SplittableRandom random) {
        return switch (random.nextInt(12)) {
            case 0 -> NODES.numberNode(0);
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(Integer.MAX_VALUE + 1L);
            case 3 -> NODES.numberNode(Long.MAX_VALUE);
            case 4 -> NODES.numberNode(Long.MIN_VALUE);
            case 5 -> NODES.numberNode(new BigInteger("9".repeat(1 + random.nextInt(1200))));
            case 6 -> NODES.numberNode(new BigDecimal("1e" + (random.nextBoolean() ? "" : "-") + random.nextInt(100_000)));
            case 7 -> NODES.numberNode(0.5);
            case 8 -> NODES.numberNode(-0.0);
            case 9 -> NODES.numberNode(1.7976931348623157e308);
            case 10 -> NODES.numberNode(32768 << random.nextInt(4));
            default -> NODES.numberNode(random.nextLong());
        };
    }

    /** Text mutations on a string value: Jackson escapes what they insert, so the document stays JSON. */
    static String mutateText(String text, SplittableRandom random) {
        byte[] mutated = ByteMutator.once(text.getBytes(StandardCharsets.UTF_8), random, List.of(text.getBytes(StandardCharsets.UTF_8)));
        if (mutated.length > 4096 && random.nextBoolean()) {
            mutated = Arrays.copyOf(mutated, 4096);
        }
        return new String(mutated, StandardCharsets.UTF_8);
    }

    private static String huge(SplittableRandom random) {
        String unit = switch (random.nextInt(4)) {
            case 0 -> "a";
            case 1 -> "\u00e9";
            case 2 -> "\n";
            default -> "sha256:";
        };
        return unit.repeat((64 * 1024 + random.nextInt(2 * 1024 * 1024)) / unit.length() / (random.nextBoolean() ? 16 : 1));
    }

    private static String renamed(String key, SplittableRandom random, Pool known) {
        return switch (random.nextInt(4)) {
            case 0 -> key.toUpperCase(Locale.ROOT);
            case 1 -> key.isEmpty() ? "A" : Character.toUpperCase(key.charAt(0)) + key.substring(1);
            case 2 -> known.anyKey(random);
            default -> key + (random.nextBoolean() ? "_" : "x");
        };
    }

    /** The decoded bytes of a standard-base64 value long enough to be content, or null. */
    static byte[] base64(String text) {
        if (text.length() < 8 || text.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String mutateBase64(String text, SplittableRandom random) {
        byte[] inner = base64(text);
        JsonNode json = parse(inner);
        // an envelope inside a string (a DSSE payload): mutate its structure too, with its own pool
        byte[] mutated = json != null && random.nextInt(4) != 0
                ? mutate(json, random, List.of(inner), new Pool(List.of(inner)))
                : ByteMutator.once(inner, random, List.of(inner));
        String encoded = Base64.getEncoder().encodeToString(mutated);
        return random.nextInt(10) == 0 ? mutateText(encoded, random) : encoded;
    }

    private static void collect(Holder holder, JsonNode parent, String key, int index, JsonNode value, List<Slot> slots) {
        slots.add(new Slot(holder, parent, key, index, value));
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                collect(holder, value, field.getKey(), -1, field.getValue(), slots);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                collect(holder, value, null, i, value.get(i), slots);
            }
        }
    }

    private static final class Holder {
        JsonNode root;

        Holder(JsonNode root) {
            this.root = root;
        }
    }

    /** A place in the tree: the root, an object member or an array element. */
    private record Slot(Holder holder, JsonNode parent, String key, int index, JsonNode value) {
        void replace(JsonNode replacement) {
            if (parent == null) {
                holder.root = replacement;
            } else if (parent instanceof ObjectNode object) {
                object.set(key, replacement);
            } else {
                ((ArrayNode) parent).set(index, replacement);
            }
        }

        void delete() {
            if (parent instanceof ObjectNode object) {
                object.remove(key);
            } else if (parent instanceof ArrayNode array) {
                array.remove(index);
            } else {
                holder.root = NODES.objectNode();
            }
        }

        void rename(String newKey) {
            if (parent instanceof ObjectNode object) {
                object.remove(key);
                object.set(newKey, value);
            }
        }
    }

    /** Keys, strings and subtrees of every seed, for crossover. */
    private static final class Pool {
        private final List<String> keys;
        private final List<String> strings;
        private final List<JsonNode> values = new ArrayList<>();

        Pool(List<byte[]> seeds) {
            TreeSet<String> keySet = new TreeSet<>();
            TreeSet<String> stringSet = new TreeSet<>();
            for (byte[] seed : seeds) {
                JsonNode root = parse(seed);
                if (root != null) {
                    walk(root, keySet, stringSet);
                }
            }
            keySet.add("a");
            stringSet.add("");
            this.keys = List.copyOf(keySet);
            this.strings = List.copyOf(stringSet);
            if (values.isEmpty()) {
                values.add(NODES.textNode(""));
            }
        }

        private void walk(JsonNode node, TreeSet<String> keySet, TreeSet<String> stringSet) {
            if (values.size() < 2000) {
                values.add(node);
            }
            if (node.isTextual()) {
                stringSet.add(node.asText());
            }
            node.fields().forEachRemaining(field -> {
                keySet.add(field.getKey());
                walk(field.getValue(), keySet, stringSet);
            });
            if (node.isArray()) {
                node.forEach(element -> walk(element, keySet, stringSet));
            }
        }

        String anyKey(SplittableRandom random) {
            return keys.get(random.nextInt(keys.size()));
        }

        String anyString(SplittableRandom random) {
            return strings.get(random.nextInt(strings.size()));
        }

        JsonNode anyValue(SplittableRandom random) {
            return values.get(random.nextInt(values.size())).deepCopy();
        }
    }
}

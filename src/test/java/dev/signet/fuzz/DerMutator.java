package dev.signet.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.SplittableRandom;

/**
 * ASN.1 DER mutations on a parsed TLV tree, re-encoded with consistent lengths so a mutant reaches the key parsers'
 * semantic checks: replaced, emptied, zeroed or all-ones contents (private scalars of 0 or above the curve order),
 * swapped tags, deleted, duplicated or borrowed elements, and deep nesting. Now and then a length is broken on purpose
 * (indefinite, huge, non-minimal). Input that is not DER gets byte mutations only.
 */
final class DerMutator implements Mutator<byte[]> {
    private static final int[] TAGS = {0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x30, 0x31, 0xa0, 0xa1, 0x80, 0x1e};

    private final ByteMutator bytes = new ByteMutator();

    @Override
    public byte[] mutate(byte[] seed, SplittableRandom random, List<byte[]> pool) {
        Node root = parse(seed);
        if (root == null || random.nextInt(8) == 0) {
            return bytes.mutate(seed, random, pool);
        }
        int rounds = 1 + (random.nextInt(3) == 0 ? random.nextInt(3) : 0);
        Node[] holder = {root};
        for (int i = 0; i < rounds; i++) {
            once(holder, random, pool);
        }
        byte[] out = holder[0].encode();
        if (random.nextInt(6) == 0) {
            out = breakLength(out, random);
        }
        return random.nextInt(10) == 0 ? ByteMutator.once(out, random, pool) : out;
    }

    private static void once(Node[] holder, SplittableRandom random, List<byte[]> pool) {
        List<Node> nodes = new ArrayList<>();
        holder[0].collect(nodes);
        Node node = nodes.get(random.nextInt(nodes.size()));
        switch (random.nextInt(9)) {
            case 0, 1 -> {
                if (node.content != null) {
                    node.content = content(node.content, random);
                } else {
                    node.tag = TAGS[random.nextInt(TAGS.length)];
                }
            }
            case 2 -> node.tag = TAGS[random.nextInt(TAGS.length)];
            case 3 -> {
                if (node.parent != null) {
                    node.parent.children.remove(node);
                }
            }
            case 4 -> {
                if (node.parent != null) {
                    List<Node> siblings = node.parent.children;
                    siblings.add(siblings.indexOf(node), node.copy(node.parent));
                }
            }
            case 5 -> {
                // crossover: an element of another seed in place of this one
                Node other = parse(pool.get(random.nextInt(pool.size())));
                if (other != null) {
                    List<Node> candidates = new ArrayList<>();
                    other.collect(candidates);
                    Node borrowed = candidates.get(random.nextInt(candidates.size())).copy(node.parent);
                    replace(holder, node, borrowed);
                }
            }
            case 6 -> {
                // deep nesting: many SEQUENCEs around one element (BouncyCastle overflows its stack from about 1,000)
                int depth = random.nextInt(4) == 0 ? 1000 + random.nextInt(20_000) : 1 + random.nextInt(64);
                Node wrapped = node.copy(null);
                for (int i = 0; i < depth; i++) {
                    Node sequence = new Node(0x30, null, null);
                    sequence.children = new ArrayList<>(List.of(wrapped));
                    wrapped.parent = sequence;
                    wrapped = sequence;
                }
                replace(holder, node, wrapped);
            }
            case 7 -> {
                if (node.content != null) {
                    node.content = ByteMutator.once(node.content, random, List.of(node.content));
                } else if (!node.children.isEmpty()) {
                    node.children.remove(random.nextInt(node.children.size()));
                }
            }
            default -> {
                if (node.children != null) {
                    node.children.add(new Node(TAGS[random.nextInt(TAGS.length)], ByteMutator.randomBytes(random, random.nextInt(40)), node));
                } else {
                    node.content = content(node.content, random);
                }
            }
        }
    }

    private static void replace(Node[] holder, Node old, Node replacement) {
        if (old.parent == null) {
            replacement.parent = null;
            holder[0] = replacement;
        } else {
            List<Node> siblings = old.parent.children;
            int at = siblings.indexOf(old);
            if (at >= 0) {
                replacement.parent = old.parent;
                siblings.set(at, replacement);
            }
        }
    }

    /** Edge contents: empty, one zero, all zeros, all ones, a sign bit, non-minimal padding, longer or random. */
    private static byte[] content(byte[] content, SplittableRandom random) {
        int n = content.length;
        return switch (random.nextInt(9)) {
            case 0 -> new byte[0];
            case 1 -> new byte[] {0};
            case 2 -> new byte[Math.max(1, n)];
            case 3 -> {
                byte[] ones = new byte[Math.max(1, n)];
                Arrays.fill(ones, (byte) 0xff);
                yield ones;
            }
            case 4 -> {
                byte[] negative = content.clone();
                if (n > 0) {
                    negative[0] |= (byte) 0x80;
                }
                yield negative;
            }
            case 5 -> ByteMutator.insert(content, 0, new byte[] {0, 0});
            case 6 -> {
                byte[] ones = new byte[n + 1];
                Arrays.fill(ones, (byte) 0xff);
                ones[0] = 0;
                yield ones;
            }
            case 7 -> ByteMutator.randomBytes(random, random.nextInt(4) == 0 ? random.nextInt(600) : n);
            default -> Arrays.copyOf(content, n + 1 + random.nextInt(8));
        };
    }

    /** Breaks the outer length: indefinite, huge, non-minimal, too many length bytes, or off by one. */
    private static byte[] breakLength(byte[] der, SplittableRandom random) {
        if (der.length < 2) {
            return der;
        }
        int lengthBytes = (der[1] & 0x80) == 0 ? 1 : 1 + (der[1] & 0x7f);
        byte[] body = Arrays.copyOfRange(der, Math.min(der.length, 1 + lengthBytes), der.length);
        byte[] length = switch (random.nextInt(5)) {
            case 0 -> new byte[] {(byte) 0x80};
            case 1 -> new byte[] {(byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
            case 2 -> new byte[] {(byte) 0x82, 0, (byte) body.length};
            case 3 -> new byte[] {(byte) 0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0};
            default -> Node.length(body.length + (random.nextBoolean() ? 1 : -1));
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(der[0]);
        out.writeBytes(length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Parses definite-length DER with single-byte tags; null when the input is not that. */
    static Node parse(byte[] der) {
        int[] position = {0};
        Node root = parse(der, position, der.length, null, 0);
        return root != null && position[0] == der.length ? root : null;
    }

    private static Node parse(byte[] der, int[] position, int end, Node parent, int depth) {
        int at = position[0];
        if (depth > 50 || at + 2 > end || (der[at] & 0x1f) == 0x1f) {
            return null;
        }
        int tag = der[at] & 0xff;
        int length = der[at + 1] & 0xff;
        int offset = at + 2;
        if (length == 0x80) {
            return null;
        }
        if (length > 0x80) {
            int count = length & 0x7f;
            if (count > 3 || offset + count > end) {
                return null;
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (der[offset++] & 0xff);
            }
        }
        if (offset + length > end) {
            return null;
        }
        Node node;
        if ((tag & 0x20) != 0) {
            node = new Node(tag, null, parent);
            node.children = new ArrayList<>();
            int[] inner = {offset};
            while (inner[0] < offset + length) {
                Node child = parse(der, inner, offset + length, node, depth + 1);
                if (child == null) {
                    return null;
                }
                node.children.add(child);
            }
        } else {
            node = new Node(tag, Arrays.copyOfRange(der, offset, offset + length), parent);
        }
        position[0] = offset + length;
        return node;
    }

    /** A TLV: primitive with content, or constructed with children. */
    static final class Node {
        int tag;
        byte[] content;
        List<Node> children;
        Node parent;

        Node(int tag, byte[] content, Node parent) {
            this.tag = tag;
            this.content = content;
            this.parent = parent;
        }

        void collect(List<Node> into) {
            // iterative, so that a deeply nested mutant does not exhaust the harness's own stack
            List<Node> stack = new ArrayList<>(List.of(this));
            while (!stack.isEmpty() && into.size() < 10_000) {
                Node node = stack.remove(stack.size() - 1);
                into.add(node);
                if (node.children != null) {
                    stack.addAll(node.children);
                }
            }
        }

        Node copy(Node newParent) {
            // iterative, as nesting may be 100,000 deep
            Node root = new Node(tag, content == null ? null : content.clone(), newParent);
            List<Node[]> stack = new ArrayList<>();
            stack.add(new Node[] {this, root});
            while (!stack.isEmpty()) {
                Node[] pair = stack.remove(stack.size() - 1);
                if (pair[0].children != null) {
                    pair[1].children = new ArrayList<>();
                    for (Node child : pair[0].children) {
                        Node copied = new Node(child.tag, child.content == null ? null : child.content.clone(), pair[1]);
                        pair[1].children.add(copied);
                        stack.add(new Node[] {child, copied});
                    }
                }
            }
            return root;
        }

        byte[] encode() {
            // sizes bottom-up, then one top-down write: re-copying each level would be quadratic in the depth
            List<Node> order = new ArrayList<>();
            List<Node> stack = new ArrayList<>(List.of(this));
            while (!stack.isEmpty()) {
                Node node = stack.remove(stack.size() - 1);
                order.add(node);
                if (node.children != null) {
                    stack.addAll(node.children);
                }
            }
            IdentityHashMap<Node, Integer> bodies = new IdentityHashMap<>();
            IdentityHashMap<Node, Integer> totals = new IdentityHashMap<>();
            for (int i = order.size() - 1; i >= 0; i--) {
                Node node = order.get(i);
                int body = node.children == null ? node.content.length : node.children.stream().mapToInt(totals::get).sum();
                bodies.put(node, body);
                totals.put(node, 1 + length(body).length + body);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(totals.get(this));
            stack.add(this);
            while (!stack.isEmpty()) {
                Node node = stack.remove(stack.size() - 1);
                out.write(node.tag);
                out.writeBytes(length(bodies.get(node)));
                if (node.children == null) {
                    out.writeBytes(node.content);
                } else {
                    for (int i = node.children.size() - 1; i >= 0; i--) {
                        stack.add(node.children.get(i));
                    }
                }
            }
            return out.toByteArray();
        }

        static byte[] length(int length) {
            if (length < 0) {
                return new byte[] {0};
            }
            if (length < 0x80) {
                return new byte[] {(byte) length};
            }
            if (length < 0x100) {
                return new byte[] {(byte) 0x81, (byte) length};
            }
            if (length < 0x10000) {
                return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
            }
            return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
        }
    }
}

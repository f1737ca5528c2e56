package dev.signet.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM-aware mutations: a block's body is decoded and its content mutated as DER ({@link DerMutator}) or, for cosign's
 * encrypted keys, as the JSON envelope inside ({@link JsonMutator}), then re-encoded, so the mutant gets past the
 * PEM and base64 layers. Also: other block types, headers, mismatched END lines, reformatted base64, extra blocks.
 */
final class PemMutator implements Mutator<byte[]> {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([^\\n]*?)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String[] LABELS = {"PUBLIC KEY", "RSA PUBLIC KEY", "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY",
        "ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY", "CERTIFICATE", "ENCRYPTED PRIVATE KEY", ""};

    private final ByteMutator bytes = new ByteMutator();
    private final DerMutator der = new DerMutator();
    private final JsonMutator json = new JsonMutator();

    @Override
    public byte[] mutate(byte[] seed, SplittableRandom random, List<byte[]> pool) {
        String text = new String(seed, StandardCharsets.UTF_8);
        Matcher block = BLOCK.matcher(text);
        if (!block.find() || random.nextInt(6) == 0) {
            return bytes.mutate(seed, random, pool);
        }
        String label = block.group(1);
        String body = block.group(2);
        String before = text.substring(0, block.start());
        String after = text.substring(block.end());
        switch (random.nextInt(10)) {
            case 0, 1, 2, 3, 4 -> {
                byte[] content;
                try {
                    content = Base64.getMimeDecoder().decode(body);
                } catch (IllegalArgumentException e) {
                    return bytes.mutate(seed, random, pool);
                }
                byte[] mutated = content.length > 0 && content[0] == '{'
                        ? json.mutate(content, random, List.of(content))
                        : der.mutate(content, random, ders(pool));
                return (before + encode(label, mutated, random) + after).getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                String newLabel = random.nextInt(4) == 0 ? JsonMutator.mutateText(label, random) : LABELS[random.nextInt(LABELS.length)];
                return (before + "-----BEGIN " + newLabel + "-----" + body + "-----END " + newLabel + "-----" + after).getBytes(StandardCharsets.UTF_8);
            }
            case 6 -> {
                String header = random.nextBoolean() ? "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n" : "X: y\n";
                return (before + "-----BEGIN " + label + "-----\n" + header + body.strip() + "\n-----END " + label + "-----" + after)
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 7 -> {
                String other = new String(pool.get(random.nextInt(pool.size())), StandardCharsets.UTF_8);
                return (random.nextBoolean() ? text + other : other + text).getBytes(StandardCharsets.UTF_8);
            }
            case 8 -> {
                String reformatted = switch (random.nextInt(5)) {
                    case 0 -> body.replace("\n", "");
                    case 1 -> body.replace("\n", "\r\n");
                    case 2 -> body.replace("=", "");
                    case 3 -> body.replace("\n", " \t\n ");
                    default -> body.strip() + "=\n";
                };
                return (before + "-----BEGIN " + label + "-----" + reformatted + "-----END " + label + "-----" + after).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                String end = random.nextBoolean() ? "-----END " + label + " -----" : "-----END " + LABELS[random.nextInt(LABELS.length)] + "-----";
                return (before + "-----BEGIN " + label + "-----" + body + end + after).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    /** The DER contents of the pool's first blocks, for crossover. */
    private static List<byte[]> ders(List<byte[]> pool) {
        return pool.stream().map(pem -> {
            Matcher block = BLOCK.matcher(new String(pem, StandardCharsets.UTF_8));
            try {
                return block.find() ? Base64.getMimeDecoder().decode(block.group(2)) : pem;
            } catch (IllegalArgumentException e) {
                return pem;
            }
        }).toList();
    }

    /** A PEM block as Go writes it, or now and then with another line length. */
    static String encode(String label, byte[] content, SplittableRandom random) {
        int line = random.nextInt(8) == 0 ? 4 * (1 + random.nextInt(30)) : 64;
        String body = Base64.getMimeEncoder(line, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}

package dev.signet.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Format-blind mutations, as AFL's havoc stage makes them: bit flips, interesting bytes, dictionary tokens
 * (control characters, invalid UTF-8, surrogates, separators of the reference grammar, JSON edge values), deletions,
 * duplications, truncations, fills with 0x00 or 0xFF, crossover with another seed and, rarely, a huge run.
 */
final class ByteMutator implements Mutator<byte[]> {
    /** Mutants are cut here; the parsers' own limits are all smaller. */
    static final int MAX_SIZE = 4 * 1024 * 1024;

    private static final byte[][] TOKENS = tokens(
            "\u0000", "\u0001", "\n", "\r\n", "\t", " ", "\u007f", "\u0085", "\u00e9", "\u2028", "\u202e", "\ud83d\ude00",
            "\ufeff", "\ufffd", "\uff10", "\\u0000", "\\ud800", "\\", "\"", "'", "%", "%zz", "%3A", "%0a", "%%", "@", ":",
            "/", "//", ".", "..", "-", "_", "__", "*", "?", "[", "]", "{", "}", ",", "=", "==", "&", "#", "+", "null",
            "true", "false", "-1", "0", "1e400", "-0", "0.5", "18446744073709551616", "NaN", "sha256:", "sha512:",
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ":5000", ":0", ":65536", "[::1]",
            "localhost", "127.0.0.1", "docker.io", "library/", "latest", "-----BEGIN ", "-----END ", "-----", "A", "/v2/",
            "https://", "pkg:oci/", "?repository_url=", "&tag=");
    private static final byte[][] RAW_TOKENS = {
        {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xff}, {(byte) 0xfe},
        {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x80}, {(byte) 0x80},
    };
    private static final byte[] INTERESTING = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, '"', '\\', '{', '}', '[', ']', ':', ',',
        '%', '@', '/', '\n', '*', '?', '-', '.', '=', 'A', 'z', '0', '9'};

    @Override
    public byte[] mutate(byte[] seed, SplittableRandom random, List<byte[]> pool) {
        byte[] out = seed;
        int rounds = 1 + (random.nextInt(4) == 0 ? random.nextInt(8) : 0);
        for (int i = 0; i < rounds; i++) {
            out = once(out, random, pool);
        }
        return out.length > MAX_SIZE ? Arrays.copyOf(out, MAX_SIZE) : out;
    }

    /** One havoc step. */
    static byte[] once(byte[] in, SplittableRandom random, List<byte[]> pool) {
        int n = in.length;
        int op = random.nextInt(15);
        if (n == 0 && op < 9) {
            return insert(in, 0, token(random));
        }
        switch (op) {
            case 0 -> {
                byte[] out = in.clone();
                out[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1 -> {
                byte[] out = in.clone();
                out[random.nextInt(n)] = (byte) random.nextInt(256);
                return out;
            }
            case 2 -> {
                byte[] out = in.clone();
                out[random.nextInt(n)] = INTERESTING[random.nextInt(INTERESTING.length)];
                return out;
            }
            case 3 -> {
                int at = random.nextInt(n);
                return remove(in, at, 1 + random.nextInt(Math.min(n - at, random.nextBoolean() ? 4 : 64)));
            }
            case 4 -> {
                // duplicate a range, now and then many times over
                int at = random.nextInt(n);
                int length = 1 + random.nextInt(Math.min(n - at, 32));
                int times = random.nextInt(8) == 0 ? 2 + random.nextInt(2000) : 1;
                byte[] range = Arrays.copyOfRange(in, at, at + length);
                return insert(in, at, repeat(range, times));
            }
            case 5 -> {
                return Arrays.copyOf(in, random.nextInt(n));
            }
            case 6 -> {
                // fill a range with one value: zero or all-ones integers, runs of a character
                byte[] out = in.clone();
                int at = random.nextInt(n);
                int length = 1 + random.nextInt(Math.min(n - at, 48));
                byte value = switch (random.nextInt(3)) {
                    case 0 -> 0;
                    case 1 -> (byte) 0xff;
                    default -> INTERESTING[random.nextInt(INTERESTING.length)];
                };
                Arrays.fill(out, at, at + length, value);
                return out;
            }
            case 7 -> {
                // overwrite a range with a copy of another range
                byte[] out = in.clone();
                int from = random.nextInt(n);
                int to = random.nextInt(n);
                int length = 1 + random.nextInt(Math.min(n - Math.max(from, to), 32));
                System.arraycopy(in, from, out, to, length);
                return out;
            }
            case 8 -> {
                // swap case of a range: references, hex and Go's case-insensitive JSON keys care
                byte[] out = in.clone();
                int at = random.nextInt(n);
                for (int i = at; i < Math.min(n, at + 1 + random.nextInt(16)); i++) {
                    if (out[i] >= 'a' && out[i] <= 'z' || out[i] >= 'A' && out[i] <= 'Z') {
                        out[i] ^= 0x20;
                    }
                }
                return out;
            }
            case 9, 10, 11 -> {
                return insert(in, random.nextInt(n + 1), token(random));
            }
            case 12 -> {
                return insert(in, random.nextInt(n + 1), randomBytes(random, 1 + random.nextInt(16)));
            }
            case 13 -> {
                // crossover: the head of this input and the tail of another seed
                byte[] other = pool.isEmpty() ? in : pool.get(random.nextInt(pool.size()));
                int head = random.nextInt(n + 1);
                int tail = other.length == 0 ? 0 : random.nextInt(other.length);
                byte[] out = Arrays.copyOf(in, head + other.length - tail);
                System.arraycopy(other, tail, out, head, other.length - tail);
                return out;
            }
            default -> {
                // rarely, a run big enough to meet every size limit
                if (random.nextInt(8) != 0) {
                    return insert(in, random.nextInt(n + 1), token(random));
                }
                byte[] unit = random.nextBoolean() ? new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]} : token(random);
                return insert(in, random.nextInt(n + 1), repeat(unit, (16 * 1024 + random.nextInt(1024 * 1024)) / unit.length));
            }
        }
    }

    static byte[] token(SplittableRandom random) {
        return random.nextInt(6) == 0 ? RAW_TOKENS[random.nextInt(RAW_TOKENS.length)] : TOKENS[random.nextInt(TOKENS.length)];
    }

    static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    static byte[] insert(byte[] in, int at, byte[] what) {
        byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(in, at, out, at + what.length, in.length - at);
        return out;
    }

    static byte[] remove(byte[] in, int at, int length) {
        byte[] out = new byte[in.length - length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + length, out, at, in.length - at - length);
        return out;
    }

    static byte[] repeat(byte[] unit, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(unit.length * times);
        for (int i = 0; i < times; i++) {
            out.writeBytes(unit);
        }
        return out.toByteArray();
    }

    private static byte[][] tokens(String... texts) {
        return Arrays.stream(texts).map(text -> text.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }
}

package dev.signet.keys;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Measures how deep ASN.1 (DER or BER) nests before BouncyCastle parses it: BouncyCastle reads each nested element
 * through one more stream and one more stack frame, so some thousand nested SEQUENCEs, a few KiB of key text, end in
 * a {@link StackOverflowError}. Keys nest about five deep; anything near {@link #MAX_DEPTH} is not a key.
 *
 * <p>The walk is iterative and linear. The contents of OCTET and BIT STRINGs are walked as documents of their own,
 * because the parsers open them too (a PKCS#8 private key, an SPKI public key), each with a fresh stack.
 */
final class DerNesting {
    /** Far above any key (PKCS#8, SEC1, PKCS#1, SPKI), far below what exhausts a thread's stack. */
    static final int MAX_DEPTH = 32;

    private static final int INDEFINITE = -1;

    private DerNesting() {
    }

    /** Whether {@code der} nests constructed elements deeper than {@link #MAX_DEPTH}; malformed input is left to the parser. */
    static boolean tooDeep(byte[] der) {
        Deque<int[]> documents = new ArrayDeque<>();
        documents.push(new int[] {0, der.length});
        while (!documents.isEmpty()) {
            int[] document = documents.pop();
            if (tooDeep(der, document[0], document[1], documents)) {
                return true;
            }
        }
        return false;
    }

    private static boolean tooDeep(byte[] der, int from, int to, Deque<int[]> documents) {
        Deque<Integer> open = new ArrayDeque<>();
        int i = from;
        while (i < to) {
            while (!open.isEmpty() && open.peek() != INDEFINITE && i >= open.peek()) {
                open.pop();
            }
            if (!open.isEmpty() && open.peek() == INDEFINITE && i + 1 < to && der[i] == 0 && der[i + 1] == 0) {
                open.pop();
                i += 2;
                continue;
            }
            int tag = der[i++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                while (i < to && (der[i] & 0x80) != 0) {
                    i++;
                }
                i++;
            }
            if (i >= to) {
                return false;
            }
            int first = der[i++] & 0xff;
            long length;
            if (first == 0x80) {
                length = INDEFINITE;
            } else if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7f;
                if (count > 4 || i + count > to) {
                    return false;
                }
                length = 0;
                for (int k = 0; k < count; k++) {
                    length = (length << 8) | (der[i++] & 0xff);
                }
            }
            if ((tag & 0x20) != 0) {
                open.push(length == INDEFINITE ? INDEFINITE : (int) Math.min(to, i + length));
                if (open.size() > MAX_DEPTH) {
                    return true;
                }
            } else {
                if (length == INDEFINITE) {
                    return false;
                }
                int end = (int) Math.min(to, i + length);
                if (tag == 0x04 || tag == 0x03) {
                    // a BIT STRING's first content byte counts unused bits; what follows may be DER again
                    documents.push(new int[] {tag == 0x03 ? Math.min(end, i + 1) : i, end});
                }
                i = end;
            }
        }
        return false;
    }
}

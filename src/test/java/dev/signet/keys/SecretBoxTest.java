package dev.signet.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private static final byte[] KEY = new byte[32];
    private static final byte[] NONCE = new byte[24];

    static {
        for (int i = 0; i < 32; i++) {
            KEY[i] = (byte) i;
        }
        for (int i = 0; i < 24; i++) {
            NONCE[i] = (byte) (100 + i);
        }
    }

    @Test
    void seal_thenOpen_roundTripsAndPrefixesTheTag() {
        byte[] message = "a PKCS#8 key would be here".getBytes(StandardCharsets.UTF_8);

        byte[] box = SecretBox.seal(KEY, NONCE, message);

        assertThat(box).hasSize(message.length + 16);
        assertThat(SecretBox.open(KEY, NONCE, box)).isEqualTo(message);
    }

    @Test
    void open_anyFlippedBitOrOtherKey_returnsNull() {
        byte[] box = SecretBox.seal(KEY, NONCE, new byte[50]);
        for (int i = 0; i < box.length; i++) {
            byte[] damaged = box.clone();
            damaged[i] ^= 0x80;
            assertThat(SecretBox.open(KEY, NONCE, damaged)).as("byte %d flipped", i).isNull();
        }
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        assertThat(SecretBox.open(otherKey, NONCE, box)).isNull();
        assertThat(SecretBox.open(KEY, NONCE, new byte[15])).isNull();
    }

    @Test
    void seal_matchesNaClsKnownAnswer() {
        // crypto_secretbox test vector from NaCl's tests/secretbox.c (Bernstein, "Cryptography in NaCl", §10):
        // the first 16 bytes of the box for the first 32-byte block of the message
        byte[] key = HexFormat.of().parseHex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
        byte[] nonce = HexFormat.of().parseHex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
        byte[] message = HexFormat.of().parseHex(
                "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c6129"
                        + "6cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde"
                        + "048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705");

        byte[] box = SecretBox.seal(key, nonce, message);

        assertThat(HexFormat.of().formatHex(box, 0, 16)).isEqualTo("f3ffc7703f9400e52a7dfb4b3d3305d9");
        assertThat(HexFormat.of().formatHex(box, 16, 32)).isEqualTo("8e993b9f48681273c29650ba32fc76ce");
    }
}

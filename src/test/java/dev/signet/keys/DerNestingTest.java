package dev.signet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Deeply nested ASN.1 is refused before BouncyCastle recurses into it. */
class DerNestingTest {

    /** {@code depth} SEQUENCEs around a NULL, with definite or indefinite (BER) lengths. */
    static byte[] nested(int depth, boolean indefinite) {
        if (indefinite) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < depth; i++) {
                out.write(0x30);
                out.write(0x80);
            }
            out.writeBytes(new byte[] {5, 0});
            out.writeBytes(new byte[2 * depth]);
            return out.toByteArray();
        }
        byte[] inner = {5, 0};
        for (int i = 0; i < depth; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x30);
            int length = inner.length;
            if (length < 0x80) {
                out.write(length);
            } else if (length < 0x10000) {
                out.writeBytes(new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length});
            } else {
                out.writeBytes(new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length});
            }
            out.writeBytes(inner);
            inner = out.toByteArray();
        }
        return inner;
    }

    @Test
    void tooDeep_realKeysAndShallowNesting_pass() {
        assertThat(DerNesting.tooDeep(TestKeys.rsa(2048).getPrivate().getEncoded())).isFalse();
        assertThat(DerNesting.tooDeep(TestKeys.ec("secp521r1").getPublic().getEncoded())).isFalse();
        assertThat(DerNesting.tooDeep(nested(DerNesting.MAX_DEPTH, false))).isFalse();
        assertThat(DerNesting.tooDeep(nested(DerNesting.MAX_DEPTH + 1, true))).isTrue();
    }

    @Test
    void tooDeep_nestingInsideAnOctetString_counts() {
        byte[] inner = nested(100, false);
        byte[] octets = new byte[4 + inner.length];
        octets[0] = 0x04;
        octets[1] = (byte) 0x82;
        octets[2] = (byte) (inner.length >> 8);
        octets[3] = (byte) inner.length;
        System.arraycopy(inner, 0, octets, 4, inner.length);

        assertThat(DerNesting.tooDeep(octets)).isTrue();
    }

    @Test
    void parsePublicKey_thousandsOfNestedSequences_isMalformedNotAStackOverflow() {
        // found by fuzzing (keys.public, keys.private): a few KiB of nested SEQUENCEs overflowed BouncyCastle's stack
        String pem = PemKeys.encode(PemKeys.PUBLIC_KEY, nested(50_000, false));
        String ber = PemKeys.encode(PemKeys.RSA_PRIVATE_KEY, nested(50_000, true));

        assertThatThrownBy(() -> PemKeys.parsePublicKey(pem, "k"))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MALFORMED))
                .hasMessage("read public key k: DER of PUBLIC KEY nests deeper than 32 levels");
        assertThatThrownBy(() -> PemKeys.parsePrivateKey(ber, "k"))
                .isInstanceOf(KeyException.class)
                .hasMessage("read private key k: DER of RSA PRIVATE KEY nests deeper than 32 levels");
        assertThatThrownBy(() -> SigningKey.fromPkcs8(nested(50_000, false), "k"))
                .isInstanceOf(KeyException.class)
                .hasMessage("parse private key k: PKCS#8 nests deeper than 32 levels");
        assertThat(pem.getBytes(StandardCharsets.US_ASCII).length).isLessThan(1024 * 1024);
    }
}

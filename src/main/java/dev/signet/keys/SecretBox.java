package dev.signet.keys;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl {@code crypto_secretbox} (XSalsa20-Poly1305), composed from BouncyCastle's XSalsa20 and Poly1305 because no
 * Java library ships the NaCl construction itself.
 *
 * <p>Layout, as Go's {@code golang.org/x/crypto/nacl/secretbox} writes it: the box is the 16-byte Poly1305 tag
 * followed by the ciphertext. The first 32 bytes of the XSalsa20 keystream become the one-time Poly1305 key and
 * encryption uses the keystream from byte 32 on; the tag authenticates the ciphertext.
 */
final class SecretBox {
    static final int KEY_LENGTH = 32;
    static final int NONCE_LENGTH = 24;
    static final int TAG_LENGTH = 16;

    private SecretBox() {
    }

    /** Encrypts and authenticates {@code message}; returns tag || ciphertext. */
    static byte[] seal(byte[] key, byte[] nonce, byte[] message) {
        XSalsa20Engine stream = keyedStream(key, nonce);
        byte[] macKey = firstKeystreamBlock(stream);
        byte[] box = new byte[TAG_LENGTH + message.length];
        stream.processBytes(message, 0, message.length, box, TAG_LENGTH);
        mac(macKey, box, TAG_LENGTH, message.length, box, 0);
        Arrays.fill(macKey, (byte) 0);
        return box;
    }

    /**
     * Checks the tag and decrypts; returns null when the tag does not match, which is all a wrong password or a
     * damaged box can look like.
     */
    static byte[] open(byte[] key, byte[] nonce, byte[] box) {
        if (box.length < TAG_LENGTH) {
            return null;
        }
        XSalsa20Engine stream = keyedStream(key, nonce);
        byte[] macKey = firstKeystreamBlock(stream);
        byte[] expected = new byte[TAG_LENGTH];
        mac(macKey, box, TAG_LENGTH, box.length - TAG_LENGTH, expected, 0);
        Arrays.fill(macKey, (byte) 0);
        if (!MessageDigest.isEqual(expected, Arrays.copyOf(box, TAG_LENGTH))) {
            return null;
        }
        byte[] message = new byte[box.length - TAG_LENGTH];
        stream.processBytes(box, TAG_LENGTH, message.length, message, 0);
        return message;
    }

    private static XSalsa20Engine keyedStream(byte[] key, byte[] nonce) {
        if (key.length != KEY_LENGTH || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("secretbox needs a 32-byte key and a 24-byte nonce");
        }
        XSalsa20Engine stream = new XSalsa20Engine();
        stream.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        return stream;
    }

    /** Consumes the first 32 keystream bytes, which NaCl reserves as the Poly1305 key. */
    private static byte[] firstKeystreamBlock(XSalsa20Engine stream) {
        byte[] macKey = new byte[KEY_LENGTH];
        stream.processBytes(new byte[KEY_LENGTH], 0, KEY_LENGTH, macKey, 0);
        return macKey;
    }

    private static void mac(byte[] macKey, byte[] data, int offset, int length, byte[] out, int outOffset) {
        Poly1305 poly = new Poly1305();
        poly.init(new KeyParameter(macKey));
        poly.update(data, offset, length);
        poly.doFinal(out, outOffset);
    }
}

package dev.signet.keys;

import dev.signet.SignetException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * cosign's encrypted private key: a PEM block whose body is a JSON envelope from go-securesystemslib's
 * {@code encrypted} package, {@code {"kdf":{"name":"scrypt","params":{"N":..,"r":8,"p":1},"salt":..},
 * "cipher":{"name":"nacl/secretbox","nonce":..},"ciphertext":..}}, with byte fields in padded standard base64.
 * The secretbox key is scrypt(password, salt) and the plaintext is the PKCS#8 DER of the private key.
 *
 * <p>Written as {@code ENCRYPTED SIGSTORE PRIVATE KEY} (cosign 2.0.1 and later); {@code ENCRYPTED COSIGN PRIVATE
 * KEY} from older releases is read too. See {@code shared/spec/cosign-formats.md} §1.
 */
public final class CosignEncryptedKey {
    /** The block type cosign writes. */
    public static final String PEM_TYPE = "ENCRYPTED SIGSTORE PRIVATE KEY";
    /** The block type releases before cosign 2.0.1 wrote; still read. */
    public static final String LEGACY_PEM_TYPE = "ENCRYPTED COSIGN PRIVATE KEY";

    private static final int SALT_LENGTH = 32;

    private CosignEncryptedKey() {
    }

    /** Whether a PEM block type is one of cosign's encrypted key types. */
    public static boolean isEncryptedType(String pemType) {
        return PEM_TYPE.equals(pemType) || LEGACY_PEM_TYPE.equals(pemType);
    }

    /**
     * Encrypts a key as cosign 2.2+ does (scrypt N=65536, r=8, p=1, fresh 32-byte salt and 24-byte nonce). The
     * password is read, not cleared: its owner clears it.
     */
    public static String encrypt(SigningKey key, char[] password) {
        return encrypt(key, password, ScryptParameters.COSIGN_DEFAULT);
    }

    static String encrypt(SigningKey key, char[] password, ScryptParameters scrypt) {
        byte[] salt = new byte[SALT_LENGTH];
        byte[] nonce = new byte[SecretBox.NONCE_LENGTH];
        // one per key written (rare): a SecureRandom held in a static field would be seeded once at native-image build
        // time and frozen into the image heap, so every binary would start from the same state
        SecureRandom random = new SecureRandom();
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] plaintext = key.pkcs8();
        byte[] boxKey = deriveKey(password, salt, scrypt);
        try {
            byte[] box = SecretBox.seal(boxKey, nonce, plaintext);
            Base64.Encoder b64 = Base64.getEncoder();
            // field order and spelling as Go's encoding/json emits go-securesystemslib's structs
            String envelope = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":" + scrypt.n() + ",\"r\":" + scrypt.r()
                    + ",\"p\":" + scrypt.p() + "},\"salt\":\"" + b64.encodeToString(salt) + "\"},"
                    + "\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\"" + b64.encodeToString(nonce) + "\"},"
                    + "\"ciphertext\":\"" + b64.encodeToString(box) + "\"}";
            return PemKeys.encode(PEM_TYPE, envelope.getBytes(StandardCharsets.UTF_8));
        } finally {
            Arrays.fill(boxKey, (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Decrypts a cosign key. A wrong password and a damaged ciphertext are indistinguishable to secretbox, so both
     * give cosign's "wrong password or corrupted key". The plaintext must be PKCS#8, as cosign requires.
     */
    public static SigningKey decrypt(String pem, char[] password, String keyName) {
        PemBlock block = PemKeys.decodeOne(pem, keyName);
        if (!isEncryptedType(block.type())) {
            throw KeyException.unsupported("decrypt key", keyName, "PEM block type " + SignetException.quote(block.type()) + " is not a cosign encrypted key");
        }
        Envelope envelope = Envelope.parse(new String(block.der(), StandardCharsets.UTF_8), keyName);
        byte[] boxKey = deriveKey(password, envelope.salt(), envelope.scrypt());
        byte[] plaintext = SecretBox.open(boxKey, envelope.nonce(), envelope.ciphertext());
        Arrays.fill(boxKey, (byte) 0);
        if (plaintext == null) {
            throw KeyException.locked(keyName);
        }
        try {
            return SigningKey.fromPkcs8(plaintext, keyName);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static byte[] deriveKey(char[] password, byte[] salt, ScryptParameters scrypt) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] passwordBytes = new byte[encoded.remaining()];
        encoded.get(passwordBytes);
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            return SCrypt.generate(passwordBytes, salt, scrypt.n(), scrypt.r(), scrypt.p(), SecretBox.KEY_LENGTH);
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
    }

    /** The parsed JSON envelope; every field is checked before scrypt runs. */
    private record Envelope(ScryptParameters scrypt, byte[] salt, byte[] nonce, byte[] ciphertext) {

        static Envelope parse(String json, String keyName) {
            try {
                Map<String, Object> root = EnvelopeJson.parseObject(json);
                Map<String, Object> kdf = object(root, "kdf");
                Map<String, Object> params = object(kdf, "params");
                Map<String, Object> cipher = object(root, "cipher");
                if (!"scrypt".equals(kdf.get("name")) || !"nacl/secretbox".equals(cipher.get("name"))) {
                    throw KeyException.unsupported("decrypt key", keyName,
                            "key derivation " + quote(kdf.get("name")) + " with cipher " + quote(cipher.get("name"))
                                    + " is not scrypt with nacl/secretbox");
                }
                ScryptParameters scrypt = new ScryptParameters(integer(params, "n"), integer(params, "r"), integer(params, "p"));
                byte[] salt = bytes(kdf, "salt");
                byte[] nonce = bytes(cipher, "nonce");
                if (nonce.length != SecretBox.NONCE_LENGTH || salt.length == 0) {
                    throw new IllegalArgumentException("nonce must be 24 bytes and salt non-empty");
                }
                return new Envelope(scrypt, salt, nonce, bytes(root, "ciphertext"));
            } catch (IllegalArgumentException | ClassCastException e) {
                throw KeyException.malformed("decrypt key", keyName, "encrypted key envelope is malformed: " + e.getMessage());
            }
        }

        /** A value of the key file for a message: escaped and cut, as it may hold anything. */
        private static String quote(Object value) {
            return value instanceof String text ? SignetException.quote(text) : String.valueOf(value);
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> object(Map<String, Object> parent, String field) {
            Object value = parent.get(field);
            if (!(value instanceof Map)) {
                throw new IllegalArgumentException("field " + field + " is missing or not an object");
            }
            return (Map<String, Object>) value;
        }

        private static int integer(Map<String, Object> parent, String field) {
            if (!(parent.get(field) instanceof Long value) || value < 0 || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("field " + field + " is missing or not a small integer");
            }
            return value.intValue();
        }

        private static byte[] bytes(Map<String, Object> parent, String field) {
            if (!(parent.get(field) instanceof String value)) {
                throw new IllegalArgumentException("field " + field + " is missing or not a string");
            }
            return Base64.getDecoder().decode(value);
        }
    }
}

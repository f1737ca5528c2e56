package dev.signet.events.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The optional shared secret senders present in {@code Authorization}. Accepted forms: {@code Bearer <secret>}
 * (distribution's {@code headers}, Harbor's auth header), the bare secret, and {@code Basic} with the secret as the
 * password, which is what a sender that can only be given a URL sends for {@code https://any:<secret>@host/...}.
 *
 * <p>Both sides go through HMAC-SHA256 under a random per-process key before the constant-time comparison, so
 * neither the content nor the length of the secret leaks through timing, and the secret itself is not kept. It
 * never appears in {@code toString}, logs or answers.
 */
final class SharedSecret {
    private static final String BEARER = "bearer";
    private static final String BASIC = "basic";

    private final SecretKeySpec key;
    private final byte[] expected;

    SharedSecret(String secret) {
        Objects.requireNonNull(secret, "secret");
        // operators may paste the whole header value; what matters is the token
        String token = stripScheme(secret.strip(), BEARER);
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the ingest shared secret is empty");
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
        this.expected = mac(token);
    }

    /** Whether the {@code Authorization} header value (null when absent) carries the secret. */
    boolean admits(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return false;
        }
        String value = authorization.strip();
        String token;
        if (hasScheme(value, BASIC)) {
            token = basicPassword(value.substring(BASIC.length()).strip());
        } else {
            token = stripScheme(value, BEARER);
        }
        return MessageDigest.isEqual(expected, mac(token));
    }

    private static String basicPassword(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? "" : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String stripScheme(String value, String scheme) {
        return hasScheme(value, scheme) ? value.substring(scheme.length()).strip() : value;
    }

    /** Whether {@code value} is {@code <scheme>} alone or followed by whitespace, in any case. */
    private static boolean hasScheme(String value, String scheme) {
        return value.regionMatches(true, 0, scheme, 0, scheme.length())
                && (value.length() == scheme.length() || Character.isWhitespace(value.charAt(scheme.length())));
    }

    private byte[] mac(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "SharedSecret[redacted]";
    }
}

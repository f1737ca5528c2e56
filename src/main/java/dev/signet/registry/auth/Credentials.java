package dev.signet.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * What we present to a registry or its token server: a username and password, or an identity token (an OAuth2
 * refresh token, as {@code docker login} stores for some registries). {@code toString} never shows a secret.
 *
 * @param username the user; may be empty only with an identity token
 * @param password the password, never null; empty with an identity token
 * @param identityToken the refresh token, or empty
 */
public record Credentials(String username, String password, String identityToken) {

    /** Rejects credentials that could authenticate nobody. */
    public Credentials {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        identityToken = identityToken == null ? "" : identityToken;
        if (identityToken.isEmpty() && username.isEmpty()) {
            throw new IllegalArgumentException("credentials need a username or an identity token");
        }
        if (username.indexOf(':') >= 0) {
            // Basic auth joins user and password with ':'; a colon in the name would shift the split
            throw new IllegalArgumentException("a registry username must not contain ':'");
        }
    }

    /** Username and password for Basic auth, or for a token server's Basic-authenticated GET. */
    public static Credentials basic(String username, String password) {
        return new Credentials(Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password"), "");
    }

    /** An identity (refresh) token, exchanged at the token server with an OAuth2 POST. */
    public static Credentials identityToken(String username, String identityToken) {
        return new Credentials(username, "", Objects.requireNonNull(identityToken, "identityToken"));
    }

    /** Whether these are an identity token rather than a password. */
    public boolean hasIdentityToken() {
        return !identityToken.isEmpty();
    }

    /** The {@code Authorization} value for Basic auth: {@code Basic base64(user:password)}. */
    String basicAuthorization() {
        byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + (hasIdentityToken() ? ", identityToken=<redacted>]" : ", password=<redacted>]");
    }
}

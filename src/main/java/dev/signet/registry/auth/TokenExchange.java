package dev.signet.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Reason;
import dev.signet.json.Json;
import dev.signet.registry.RegistryAuthException;
import dev.signet.registry.RegistryException;
import dev.signet.registry.RegistryUnavailableException;
import dev.signet.registry.transport.BoundedBody;
import dev.signet.registry.transport.Response;
import dev.signet.registry.transport.RetryTransport;
import dev.signet.registry.transport.Transport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Gets a bearer token from the realm a registry's challenge names (distribution token-auth spec): a GET with
 * {@code service} and {@code scope}, Basic-authenticated when we have a password, or the OAuth2 refresh-token POST
 * when we have an identity token.
 */
final class TokenExchange {
    private static final String ACTION = "fetch token for";
    /** Tokens are JWTs of a few KiB; anything near this is not a token answer. */
    private static final int MAX_TOKEN_RESPONSE = 1024 * 1024;
    /** The spec's default lifetime, and its floor ("a token should never be returned with less than 60 seconds"). */
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    private final Transport transport;
    private final Predicate<URI> plainHttpAllowed;

    TokenExchange(Transport transport, Predicate<URI> plainHttpAllowed) {
        this.transport = transport;
        this.plainHttpAllowed = plainHttpAllowed;
    }

    /** A token and how long it lives; the token is never printed. */
    record Token(String value, Duration lifetime) {
        @Override
        public String toString() {
            return "Token[<redacted>, " + lifetime + "]";
        }
    }

    Token fetch(AuthChallenge challenge, Scope scope, Optional<Credentials> credentials) {
        String subject = scope.repository().name() + " (" + scope + ")";
        URI realm = realm(challenge, subject);
        if (credentials.isPresent() && "http".equalsIgnoreCase(realm.getScheme()) && !plainHttpAllowed.test(realm)) {
            throw new RegistryAuthException(Reason.REGISTRY_DENIED, ACTION, subject,
                    "the token realm " + realm.getRawAuthority() + " is plain http, so credentials would travel unencrypted",
                    "serve the token endpoint over https or list its host as insecure", 0, List.of());
        }
        String service = challenge.param("service").orElse("");
        HttpRequest request = credentials.filter(Credentials::hasIdentityToken)
                .map(c -> refreshTokenPost(realm, service, scope, c))
                .orElseGet(() -> get(realm, service, scope, credentials));
        try (Response response = transport.send(request)) {
            if (response.status() != 200) {
                throw failure(response.status(), subject, realm, scope);
            }
            return parse(BoundedBody.read(response.body(), MAX_TOKEN_RESPONSE), subject, realm);
        } catch (IOException e) {
            throw new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, ACTION, subject,
                    "token server " + realm.getRawAuthority() + " did not answer (" + describe(e) + ")",
                    null, 0, List.of(), e);
        }
    }

    private static URI realm(AuthChallenge challenge, String subject) {
        String realm = challenge.param("realm").orElse("");
        try {
            URI uri = URI.create(realm);
            if (uri.getScheme() != null && (uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))
                    && uri.getRawAuthority() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new RegistryException(Reason.REGISTRY_PROTOCOL, ACTION, subject,
                "the registry's bearer challenge has no usable realm URL", null, 401, List.of(), null);
    }

    private static HttpRequest get(URI realm, String service, Scope scope, Optional<Credentials> credentials) {
        String query = (service.isEmpty() ? "" : "service=" + encode(service) + "&") + "scope=" + encode(scope.toString());
        String separator = realm.getRawQuery() == null ? "?" : "&";
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(realm + separator + query)).GET();
        credentials.ifPresent(c -> builder.header("Authorization", c.basicAuthorization()));
        return builder.build();
    }

    private static HttpRequest refreshTokenPost(URI realm, String service, Scope scope, Credentials credentials) {
        String form = "grant_type=refresh_token&client_id=signet&service=" + encode(service)
                + "&scope=" + encode(scope.toString()) + "&refresh_token=" + encode(credentials.identityToken());
        return HttpRequest.newBuilder(realm)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
    }

    private static Token parse(byte[] body, String subject, URI realm) {
        try {
            JsonNode json = Json.mapper().readTree(body);
            String token = json.path("token").asText("");
            if (token.isEmpty()) {
                token = json.path("access_token").asText("");
            }
            if (!token.isEmpty()) {
                long seconds = json.path("expires_in").asLong(0);
                Duration lifetime = seconds < DEFAULT_LIFETIME.toSeconds() ? DEFAULT_LIFETIME : Duration.ofSeconds(seconds);
                return new Token(token, lifetime);
            }
        } catch (IOException e) {
            // reported below, without the body: it may hold a token
        }
        throw new RegistryException(Reason.REGISTRY_PROTOCOL, ACTION, subject,
                "token server " + realm.getRawAuthority() + " answered 200 without a token in JSON", null, 200, List.of(), null);
    }

    private static RegistryException failure(int status, String subject, URI realm, Scope scope) {
        String cause = "token server " + realm.getRawAuthority() + " answered " + status;
        if (status == 401 || status == 403) {
            return new RegistryAuthException(status == 401 ? Reason.REGISTRY_UNAUTHORIZED : Reason.REGISTRY_DENIED,
                    ACTION, subject, cause, "check credentials for " + scope.registry(), status, List.of());
        }
        if (RetryTransport.isRetryable(status) || status >= 500) {
            return new RegistryUnavailableException(status == 429 ? Reason.TOO_MANY_REQUESTS : Reason.REGISTRY_UNAVAILABLE,
                    ACTION, subject, cause, null, status, List.of(), null);
        }
        return new RegistryException(Reason.REGISTRY_PROTOCOL, ACTION, subject, cause, null, status, List.of(), null);
    }

    static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

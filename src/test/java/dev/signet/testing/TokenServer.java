package dev.signet.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A token server for distribution's {@code auth.token} (docs: "Token Authentication Specification"), on a free
 * loopback port. It checks Basic credentials (or an OAuth2 refresh token) and issues an ES256 JWT with every action
 * asked for. The JWT carries its certificate in {@code x5c}, which distribution 2.8 verifies against
 * {@code rootcertbundle} ({@code registry/auth/token/token.go}: iss, aud = service, exp/nbf with 60 s leeway,
 * {@code access} claims, and a JOSE r||s signature).
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "signet-test-registry";
    public static final String ISSUER = "signet-test-token-server";

    private final HttpServer server;
    private final TestCertificate signer = TestCertificate.generate("signet test token signer");
    private final String user;
    private final String password;
    private final String refreshToken;
    private final long expiresInSeconds;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /**
     * One request as the token server saw it; never the credentials themselves.
     *
     * @param method GET or POST
     * @param scopes the scopes asked for
     * @param granted whether a token was issued
     */
    public record Request(String method, List<String> scopes, boolean granted) {
    }

    private TokenServer(String user, String password, String refreshToken, long expiresInSeconds) throws IOException {
        this.user = user;
        this.password = password;
        this.refreshToken = refreshToken;
        this.expiresInSeconds = expiresInSeconds;
        this.server = LoopbackServers.create(null);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** Issues tokens to {@code user}/{@code password}, or to a POST with {@code refreshToken} when that is non-null. */
    public static TokenServer start(String user, String password, String refreshToken, long expiresInSeconds) {
        try {
            return new TokenServer(user, password, refreshToken, expiresInSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The realm URL the registry names in its challenges. */
    public URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** Writes the signing certificate for the registry's {@code rootcertbundle}. */
    public Path writeRootCertBundle(Path file) {
        return signer.writeCertificate(file);
    }

    /** Every request so far. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> params = new HashMap<>();
            parse(exchange.getRequestURI().getRawQuery(), params);
            boolean authorised;
            if (exchange.getRequestMethod().equals("POST")) {
                parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), params);
                authorised = refreshToken != null && List.of(refreshToken).equals(params.get("refresh_token"))
                        && List.of("refresh_token").equals(params.get("grant_type"));
            } else {
                String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
                authorised = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            List<String> scopes = params.getOrDefault("scope", List.of());
            requests.add(new Request(exchange.getRequestMethod(), scopes, authorised));
            if (!authorised || !List.of(SERVICE).equals(params.get("service"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String jwt = jwt(scopes);
            ObjectNode body = Json.mapper().createObjectNode()
                    .put("token", jwt).put("access_token", jwt).put("expires_in", expiresInSeconds)
                    .put("issued_at", Instant.now().toString());
            byte[] bytes = Json.mapper().writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private String jwt(List<String> scopes) {
        ObjectNode header = Json.mapper().createObjectNode().put("typ", "JWT").put("alg", "ES256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(signer.der()));
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = Json.mapper().createObjectNode()
                .put("iss", ISSUER).put("sub", Objects.requireNonNullElse(user, "robot")).put("aud", SERVICE)
                .put("exp", now + expiresInSeconds).put("nbf", now - 1).put("iat", now).put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            // repository:<name>:<actions>; names have no ':' but may have '/'
            String[] parts = scope.split(":", 3);
            if (parts.length == 3) {
                ObjectNode entry = access.addObject().put("type", parts[0]).put("name", parts[1]);
                Arrays.stream(parts[2].split(",")).forEach(entry.putArray("actions")::add);
            }
        }
        String signingInput = base64Url(Json.write(header)) + "." + base64Url(Json.write(claims));
        try {
            // JOSE wants the raw r||s form, which libtrust checks by length
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(signer.keyPair().getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void parse(String query, Map<String, List<String>> into) {
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            String value = kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            into.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>()).add(value);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

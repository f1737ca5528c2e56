package dev.signet.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.json.Json;
import dev.signet.keys.PemKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A KMS on loopback that speaks the three protocols Signet's KMS providers use, serving one public key: AWS KMS
 * {@code TrentService.GetPublicKey} (POST /, JSON), Vault transit ({@code GET /v1/transit/keys/NAME} with
 * {@code X-Vault-Token}), Google Cloud KMS REST ({@code GET /v1/NAME/publicKey}, {@code GET /v1/KEY/cryptoKeyVersions})
 * the GCE metadata server's token endpoint and STS {@code AssumeRoleWithWebIdentity} (IRSA). Every request is recorded, so tests can assert on what was sent; the
 * AWS signature is checked by the test (it knows SigV4's internals), not here. {@link #down} makes every answer 503.
 */
public final class KmsServer implements AutoCloseable {
    public static final String VAULT_TOKEN = "hvs.test-token";
    public static final String GOOGLE_TOKEN = "ya29.test-token";
    public static final String STS_ACCESS_KEY_ID = "ASIASTSEXAMPLE";
    public static final String STS_SECRET = "sts-secret-example";
    public static final String STS_SESSION_TOKEN = "sts-session-token";

    /** One request as it arrived: header names lower case. */
    public record Recorded(String method, String pathAndQuery, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile PublicKey key;
    private volatile PublicKey previous;
    private volatile boolean down;

    private KmsServer(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free loopback port, HTTPS when {@code tls} is given. */
    public static KmsServer start(TestCertificate tls, PublicKey key) {
        try {
            KmsServer kms = new KmsServer(LoopbackServers.create(tls));
            kms.key = key;
            kms.server.createContext("/", kms::handle);
            kms.server.start();
            return kms;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:PORT}, as an awskms URI's endpoint or a metadata host. */
    public String authority() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    public URI uri(String scheme) {
        return URI.create(scheme + "://" + authority());
    }

    /** Serves another key from now on (a rotation); Vault keeps the old one as the previous version. */
    public void serve(PublicKey next) {
        previous = key;
        key = next;
    }

    public void down(boolean down) {
        this.down = down;
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String path = exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        requests.add(new Recorded(exchange.getRequestMethod(), path, headers, new String(body, StandardCharsets.UTF_8)));
        if (down) {
            answer(exchange, 503, "{\"message\":\"down for the test\"}");
            return;
        }
        String pem = PemKeys.publicKeyPem(key);
        ObjectNode json = Json.mapper().createObjectNode();
        if (exchange.getRequestMethod().equals("POST") && new String(body, StandardCharsets.UTF_8).startsWith("Action=AssumeRoleWithWebIdentity&")) {
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            String xml = "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleWithWebIdentityResult>"
                    + "<Credentials><SessionToken>" + STS_SESSION_TOKEN + "</SessionToken><SecretAccessKey>" + STS_SECRET + "</SecretAccessKey>"
                    + "<Expiration>2099-01-01T00:00:00Z</Expiration><AccessKeyId>" + STS_ACCESS_KEY_ID + "</AccessKeyId></Credentials>"
                    + "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>";
            answer(exchange, 200, xml);
        } else if (exchange.getRequestMethod().equals("POST") && "TrentService.GetPublicKey".equals(headers.get("x-amz-target"))) {
            JsonNode request = Json.mapper().readTree(body);
            if (!headers.getOrDefault("authorization", "").startsWith("AWS4-HMAC-SHA256 Credential=")) {
                answer(exchange, 400, "{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"Missing Authentication Token\"}");
                return;
            }
            json.put("KeyId", request.path("KeyId").asText()).put("PublicKey", Base64.getEncoder().encodeToString(key.getEncoded()))
                    .put("KeySpec", "ECC_NIST_P256").put("KeyUsage", "SIGN_VERIFY").putArray("SigningAlgorithms").add("ECDSA_SHA_256");
            answer(exchange, 200, json.toString());
        } else if (path.startsWith("/v1/transit/keys/")) {
            if (!VAULT_TOKEN.equals(headers.get("x-vault-token"))) {
                answer(exchange, 403, "{\"errors\":[\"permission denied\"]}");
                return;
            }
            ObjectNode data = json.putObject("data");
            ObjectNode keys = data.putObject("keys");
            if (previous != null) {
                keys.putObject("1").put("public_key", PemKeys.publicKeyPem(previous));
            }
            keys.putObject(previous != null ? "2" : "1").put("public_key", pem);
            data.put("latest_version", previous != null ? 2 : 1).put("type", "ecdsa-p256").put("name", path.substring("/v1/transit/keys/".length()));
            answer(exchange, 200, json.toString());
        } else if (path.equals("/computeMetadata/v1/instance/service-accounts/default/token")) {
            if (!"Google".equals(headers.get("metadata-flavor"))) {
                answer(exchange, 403, "missing Metadata-Flavor");
                return;
            }
            json.put("access_token", GOOGLE_TOKEN).put("expires_in", 3599).put("token_type", "Bearer");
            answer(exchange, 200, json.toString());
        } else if (path.startsWith("/v1/projects/")) {
            if (!("Bearer " + GOOGLE_TOKEN).equals(headers.get("authorization"))) {
                answer(exchange, 401, "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\",\"status\":\"UNAUTHENTICATED\"}}");
                return;
            }
            String resource = exchange.getRequestURI().getRawPath().substring("/v1/".length());
            if (resource.endsWith("/publicKey")) {
                json.put("pem", pem).put("algorithm", "EC_SIGN_P256_SHA256").put("name", resource.substring(0, resource.length() - "/publicKey".length()));
            } else if (resource.endsWith("/cryptoKeyVersions")) {
                json.putArray("cryptoKeyVersions").addObject().put("name", resource + "/2").put("state", "ENABLED");
            } else {
                answer(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"not found\",\"status\":\"NOT_FOUND\"}}");
                return;
            }
            answer(exchange, 200, json.toString());
        } else {
            answer(exchange, 404, "{\"message\":\"no such route\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().putIfAbsent("Content-Type", List.of("application/json"));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.signet.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.reference.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback HTTP server whose answers the test scripts, for registry behaviour the real distribution 2.8 cannot
 * show (the referrers API, paginated tags, blob redirects to storage on another host). Real HTTP, no mocks; every
 * request is recorded, headers included, so tests can assert what was or was not sent.
 */
public final class ScriptedServer implements AutoCloseable {
    private final HttpServer server;
    private final Function<Request, Answer> script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /**
     * A request as received.
     *
     * @param method the method
     * @param uri path and query
     * @param headers the headers, names lower-cased
     * @param body the body
     */
    public record Request(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /**
     * What to answer.
     *
     * @param status the status
     * @param headers response headers
     * @param body the body; empty for none
     */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public static Answer of(int status) {
            return new Answer(status, Map.of(), new byte[0]);
        }

        public static Answer of(int status, Map<String, String> headers, String body) {
            return new Answer(status, headers, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private ScriptedServer(Function<Request, Answer> script, TestCertificate tls) throws IOException {
        this.script = script;
        this.server = LoopbackServers.create(tls);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * A plain-HTTP server. Note that the JDK's server never answers a TLS hello, so a client's HTTPS ping to it costs
     * the ping timeout once; prefer {@link #startTls} where the scheme is not under test.
     */
    public static ScriptedServer start(Function<Request, Answer> script) {
        return start(null, script);
    }

    /** An HTTPS server presenting {@code tls}; clients trust it through {@link TestCertificate#trustingContext()}. */
    public static ScriptedServer startTls(TestCertificate tls, Function<Request, Answer> script) {
        return start(tls, script);
    }

    private static ScriptedServer start(TestCertificate tls, Function<Request, Answer> script) {
        try {
            return new ScriptedServer(script, tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public Registry registry() {
        return Registry.parse("127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
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
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI(), Map.copyOf(headers),
                    exchange.getRequestBody().readAllBytes());
            requests.add(request);
            Answer answer = script.apply(request);
            // "Transfer-Encoding: chunked" in a scripted answer means: send without Content-Length
            boolean chunked = "chunked".equals(answer.headers().get("Transfer-Encoding"));
            answer.headers().forEach((name, value) -> {
                if (!name.equals("Transfer-Encoding")) {
                    exchange.getResponseHeaders().set(name, value);
                }
            });
            boolean noBody = answer.body().length == 0 || request.method().equals("HEAD");
            exchange.sendResponseHeaders(answer.status(), noBody ? -1 : chunked ? 0 : answer.body().length);
            if (!noBody) {
                exchange.getResponseBody().write(answer.body());
            }
        }
    }
}

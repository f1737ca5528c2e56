package dev.signet.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.reference.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A loopback proxy (HTTP, or HTTPS with a {@link TestCertificate}) in front of a real registry that answers scripted faults (503, 429 with
 * {@code Retry-After}, ...) before forwarding, so retry behaviour is tested over real HTTP without mocks. It can
 * also rewrite upload {@code Location}s to relative form, which some registries send and distribution does not.
 */
public final class FaultInjectingProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
            "upgrade", "expect", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI target;
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile boolean relativeLocations;

    /**
     * A scripted answer for the next request that {@code matches}.
     *
     * @param matches which requests (method and path) the fault applies to
     * @param status the status to answer
     * @param headers extra response headers, e.g. {@code Retry-After}
     */
    public record Fault(Predicate<String> matches, int status, Map<String, String> headers) {
        /** A fault for any request. */
        public static Fault any(int status, Map<String, String> headers) {
            return new Fault(request -> true, status, headers);
        }
    }

    private FaultInjectingProxy(URI target, TestCertificate tls) throws IOException {
        this.target = target;
        this.server = LoopbackServers.create(tls);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A plain-HTTP proxy to {@code target}, e.g. {@code http://127.0.0.1:5000}. */
    public static FaultInjectingProxy to(URI target) {
        return to(target, null);
    }

    /** An HTTPS proxy presenting {@code tls}, so clients need no plain-HTTP fallback to reach it; null for plain. */
    public static FaultInjectingProxy to(URI target, TestCertificate tls) {
        try {
            return new FaultInjectingProxy(target, tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Queues faults, answered in order to the requests they match. */
    public FaultInjectingProxy script(Fault... scripted) {
        faults.addAll(List.of(scripted));
        return this;
    }

    /** Rewrites absolute {@code Location} headers to path and query only. */
    public FaultInjectingProxy relativeLocations() {
        this.relativeLocations = true;
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The proxy as a registry, {@code 127.0.0.1:<port>}. */
    public Registry registry() {
        return Registry.parse("127.0.0.1:" + port());
    }

    /** Every request so far as {@code METHOD path}. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    /** Faults not yet used. */
    public int remainingFaults() {
        return faults.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            seen.add(request);
            Fault fault = takeFault(request);
            if (fault != null) {
                fault.headers().forEach(exchange.getResponseHeaders()::set);
                exchange.sendResponseHeaders(fault.status(), -1);
                return;
            }
            forward(exchange);
        }
    }

    private synchronized Fault takeFault(String request) {
        for (Fault fault : faults) {
            if (fault.matches().test(request)) {
                faults.remove(fault);
                return fault;
            }
        }
        return null;
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder out = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
                .version(HttpClient.Version.HTTP_1_1)
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> out.header(name, value));
            }
        });
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Headers headers = exchange.getResponseHeaders();
        answer.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("location") && relativeLocations) {
                URI location = URI.create(values.get(0));
                headers.set(name, location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery()));
            } else if (!HOP_BY_HOP.contains(lower) || lower.equals("content-length") && exchange.getRequestMethod().equals("HEAD")) {
                headers.put(name, new ArrayList<>(values));
            }
        });
        try (InputStream in = answer.body()) {
            byte[] bytes = in.readAllBytes();
            boolean noBody = exchange.getRequestMethod().equals("HEAD") || bytes.length == 0;
            exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : bytes.length);
            if (!noBody) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(bytes);
                }
            }
        }
    }
}

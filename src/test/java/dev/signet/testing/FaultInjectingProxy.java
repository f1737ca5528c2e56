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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A loopback proxy (HTTP, or HTTPS with a {@link TestCertificate}) in front of a real registry that answers scripted faults (503, 429 with
 * {@code Retry-After}, ...) before forwarding, so retry behaviour is tested over real HTTP without mocks. It can
 * also rewrite upload {@code Location}s to relative form, which some registries send and distribution does not.
 *
 * <p>Besides one-shot {@link Fault}s, standing {@link Shaping} rules ({@link #on}) change every matching answer until
 * {@link #clearRules()}: a status instead of forwarding, a delay before the headers, a body dripped a few bytes at a
 * time, a body cut short of its {@code Content-Length}, or a body rewritten under the registry's own headers (so a
 * {@code Docker-Content-Digest} no longer matches). Bodies are streamed, not buffered, and the body bytes handed to
 * clients are counted ({@link #bytesDelivered()}), so a test can tell how much of a huge blob a client really read.
 */
public final class FaultInjectingProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
            "upgrade", "expect", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI target;
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicLong delivered = new AtomicLong();
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

    /** How a standing rule changes the answer to the requests it matches; see the factory methods. */
    public sealed interface Shaping permits Status, Delay, Drip, Truncate, Rewrite {
    }

    /** Answers {@code status} with {@code headers} and no body, without forwarding. */
    public record Status(int status, Map<String, String> headers) implements Shaping {
    }

    /** Waits {@code delay} before forwarding, so the answer's headers arrive late. */
    public record Delay(Duration delay) implements Shaping {
    }

    /** Sends the registry's headers at once, then the body {@code bytes} at a time, one chunk every {@code every}. */
    public record Drip(int bytes, Duration every) implements Shaping {
    }

    /** Declares the registry's {@code Content-Length} but sends only the first {@code keep} bytes, then closes the connection. */
    public record Truncate(int keep) implements Shaping {
    }

    /** Sends {@code body} applied to the registry's body, under the registry's own headers (digest included). */
    public record Rewrite(UnaryOperator<byte[]> body) implements Shaping {
    }

    private record Rule(Predicate<String> matches, Shaping shaping) {
    }

    /**
     * Thrown out of the handler after a truncated body: the JDK server closes the connection of a handler that fails,
     * whereas a body merely closed short of its length leaves the client waiting for the rest.
     */
    private static final class CutShort extends RuntimeException {
        CutShort() {
            super("body cut short on purpose", null, false, false);
        }
    }

    /** Requests whose {@code METHOD path} contains {@code fragment}, e.g. {@code "GET /v2/app/blobs/"}. */
    public static Predicate<String> containing(String fragment) {
        return request -> request.contains(fragment);
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

    /**
     * Shapes every answer to requests that match ({@code METHOD path}) until {@link #clearRules()}; the first rule added
     * that matches applies. One-shot {@link Fault}s are answered before any rule.
     */
    public FaultInjectingProxy on(Predicate<String> requests, Shaping shaping) {
        rules.add(new Rule(requests, shaping));
        return this;
    }

    /** Removes every standing rule: answers are forwarded unchanged again (the fault "clears"). */
    public FaultInjectingProxy clearRules() {
        rules.clear();
        return this;
    }

    /**
     * Response body bytes handed to clients so far, counted as they are written to the connection (so at most what
     * the client's socket accepted, plus the server's small output buffer).
     */
    public long bytesDelivered() {
        return delivered.get();
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
            Shaping shaping = rules.stream().filter(rule -> rule.matches().test(request)).map(Rule::shaping).findFirst().orElse(null);
            if (shaping instanceof Status status) {
                status.headers().forEach(exchange.getResponseHeaders()::set);
                exchange.sendResponseHeaders(status.status(), -1);
                return;
            }
            if (shaping instanceof Delay delay) {
                pause(delay.delay());
            }
            forward(exchange, shaping);
        } catch (IOException e) {
            // the client went away, or a truncated answer closed the connection on purpose
        }
    }

    private static void pause(Duration wait) throws IOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
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

    private void forward(HttpExchange exchange, Shaping shaping) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder upstream = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
                .version(HttpClient.Version.HTTP_1_1)
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> upstream.header(name, value));
            }
        });
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(upstream.build(), HttpResponse.BodyHandlers.ofInputStream());
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
            boolean head = exchange.getRequestMethod().equals("HEAD");
            long length = answer.headers().firstValueAsLong("content-length").orElse(-1);
            if (shaping instanceof Rewrite rewrite && !head) {
                byte[] bytes = rewrite.body().apply(in.readAllBytes());
                exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
                write(exchange.getResponseBody(), bytes, 0, bytes.length);
                return;
            }
            if (head || length == 0) {
                exchange.sendResponseHeaders(answer.statusCode(), -1);
                return;
            }
            // the JDK server's 0 means chunked: for an answer the registry sent without a length
            exchange.sendResponseHeaders(answer.statusCode(), Math.max(length, 0));
            OutputStream out = exchange.getResponseBody();
            if (shaping instanceof Truncate truncate) {
                byte[] kept = in.readNBytes(truncate.keep());
                write(out, kept, 0, kept.length);
                out.flush();
                throw new CutShort();
            }
            Drip drip = shaping instanceof Drip d ? d : null;
            byte[] chunk = new byte[drip == null ? 64 * 1024 : drip.bytes()];
            int n;
            while ((n = in.read(chunk)) != -1) {
                write(out, chunk, 0, n);
                if (drip != null) {
                    out.flush();
                    pause(drip.every());
                }
            }
            out.close();
        }
    }

    private void write(OutputStream out, byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        delivered.addAndGet(length);
    }
}

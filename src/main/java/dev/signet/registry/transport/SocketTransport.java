package dev.signet.registry.transport;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The wire: HTTP/1.1 over the JDK's blocking sockets, in the calling thread, with idle connections kept per origin.
 *
 * <p>Why not the JDK's {@code HttpClient}: a registry request is a few hundred bytes each way, and the JDK client
 * hands every one between its selector thread and executors through futures and byte-buffer lists; measured on a cold
 * admission verdict that machinery was most of Signet's CPU per image (BENCHMARKS.md, "Where a cold verdict's CPU
 * goes"). Registries all speak HTTP/1.1, and a request here never needs more than one exchange at a time on a
 * connection, so the simplest client is the fastest one. {@link JdkTransport} stays as the alternative
 * ({@code signet.registry.wire=jdk}).
 *
 * <p>Semantics match {@link JdkTransport}: no redirects followed (that is {@link RedirectTransport}), one timeout
 * per request covering name resolution's aftermath, the connection, the TLS handshake, sending the request and the wait
 * for the response headers (a watchdog closes the socket at the deadline), and then, once more, the body
 * ({@link BodyDeadline}); TLS verifies the certificate chain and the host name (as HTTPS does) against the given
 * {@link SSLContext} or the JDK's default. No compression is asked for, no cookies are kept, and no proxy is used
 * (the composition root picks {@link JdkTransport} where the JVM is configured with one). Name resolution is the
 * JDK's, cached by it, and not bounded by the timeout (nor is it in the JDK's client).
 *
 * <p>A connection goes back to its origin's idle list only after its answer was read to the end (or, closed unread,
 * had already arrived whole: an error answer's JSON) with no byte past it, and is reused only if nothing arrived while
 * it was idle; anything else closes it. Idle connections are closed after {@link #MAX_IDLE}, at most 16 kept per
 * origin. A request on a kept connection that the registry has closed in the meantime (no byte of an answer came) is
 * sent once more on a new connection, whatever its method: a closed TLS connection cannot be told from an open one
 * before writing to it, and the only POSTs sent here (an upload start, a token request) are harmless twice (an
 * unused upload session expires).
 */
public final class SocketTransport implements Transport {
    /** Status line and headers together: registries send a few hundred bytes, proxies a few KiB. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** Header lines in one answer. */
    static final int MAX_HEADERS = 256;
    /** How often idle connections of every origin are looked at, on the way back of a connection. */
    static final Duration SWEEP_EVERY = Duration.ofSeconds(5);
    /** Idle connections kept per origin: enough for the verification pool's per-registry share. */
    static final int MAX_IDLE_PER_ORIGIN = 16;
    /** An idle connection older than this is closed, not reused: below common server keep-alive limits (nginx 75 s, ELB 60 s). */
    static final Duration MAX_IDLE = Duration.ofSeconds(30);

    private final Duration timeout;
    private final SSLSocketFactory tls;
    private final long maxIdleNanos;
    private final long sweepEveryNanos;
    private final ConcurrentHashMap<Origin, ArrayDeque<Connection>> idle = new ConcurrentHashMap<>();
    private volatile long lastSweep = System.nanoTime();

    private SocketTransport(Duration timeout, SSLSocketFactory tls, Duration maxIdle, Duration sweepEvery) {
        this.timeout = timeout;
        this.tls = tls;
        this.maxIdleNanos = maxIdle.toNanos();
        this.sweepEveryNanos = sweepEvery.toNanos();
    }

    /** A wire that trusts the JDK's default certificate authorities. */
    public static SocketTransport create(Duration timeout) {
        return create(timeout, null);
    }

    /** A wire that trusts what {@code sslContext} trusts (a private CA, a test certificate); null for the default. */
    public static SocketTransport create(Duration timeout, SSLContext sslContext) {
        return create(timeout, sslContext, MAX_IDLE, SWEEP_EVERY);
    }

    /** As above, keeping idle connections for {@code maxIdle} and looking for expired ones every {@code sweepEvery} (tests). */
    static SocketTransport create(Duration timeout, SSLContext sslContext, Duration maxIdle, Duration sweepEvery) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        try {
            SSLContext context = sslContext != null ? sslContext : SSLContext.getDefault();
            return new SocketTransport(timeout, context.getSocketFactory(), maxIdle, sweepEvery);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    @Override
    public Response send(HttpRequest request) throws IOException {
        URI uri = request.uri();
        Origin origin = Origin.of(uri);
        Duration limit = request.timeout().orElse(timeout);
        long deadline = System.nanoTime() + limit.toNanos();
        byte[] head = requestHead(request, origin);
        byte[] body = bodyOf(request, limit);
        Connection connection = take(origin);
        if (connection != null) {
            try {
                return exchange(connection, request, head, body, deadline, limit);
            } catch (StaleConnectionException e) {
                // the registry closed a kept connection before our request reached it: send it once more on a new one
            }
        }
        Watchdog watchdog = new Watchdog(deadline);
        Connection opened;
        try {
            opened = open(origin, watchdog, limit);
        } finally {
            watchdog.disarm();
        }
        try {
            return exchange(opened, request, head, body, deadline, limit);
        } catch (StaleConnectionException e) {
            throw new IOException("the registry closed the connection before answering", e.getCause());
        }
    }

    /**
     * Sends the request and reads the answer's head, all before {@code deadline}: a watchdog closes the socket under
     * a write the registry does not read or a head it drips, as the JDK's request timeout does.
     */
    private Response exchange(Connection connection, HttpRequest request, byte[] head, byte[] body, long deadline, Duration limit)
            throws IOException {
        Watchdog watchdog = new Watchdog(deadline, connection);
        try {
            try {
                connection.timeout(millis(limit.toNanos()));
                connection.out.write(head);
                if (body.length > 0) {
                    connection.out.write(body);
                }
                connection.out.flush();
                Head answer = readHead(connection, deadline, limit);
                watchdog.disarm();
                return answer(connection, request, answer, limit);
            } catch (IOException e) {
                throw watchdog.fired() ? timedOut(limit, e) : e;
            }
        } catch (IOException | RuntimeException e) {
            watchdog.disarm();
            connection.close();
            // a kept connection the registry had closed (no answer, not a timeout): sent again on a new one
            if (connection.reused && connection.received == 0 && !(e instanceof HttpTimeoutException)) {
                throw new StaleConnectionException(e);
            }
            throw e;
        }
    }

    private Response answer(Connection connection, HttpRequest request, Head answer, Duration limit) throws IOException {
        HttpHeaders headers = HttpHeaders.of(answer.headers, (name, value) -> true);
        boolean keep = !answer.close;
        if (request.method().equals("HEAD") || answer.status == 204 || answer.status == 304) {
            release(connection, keep);
            return new Response(request, answer.status, headers, InputStream.nullInputStream());
        }
        InputStream body;
        List<String> encodings = headers.allValues("Transfer-Encoding");
        if (!encodings.isEmpty()) {
            if (encodings.size() > 1 || !encodings.get(0).trim().equalsIgnoreCase("chunked")) {
                connection.close();
                throw new IOException("the registry answered with a transfer encoding other than chunked: " + encodings);
            }
            if (answer.contentLength >= 0 || answer.http10) {
                // RFC 9112 section 6.3: ambiguous framing, which a proxy in between may have read the other way
                connection.close();
                throw new IOException("the registry answered with both Transfer-Encoding and Content-Length, or chunked over HTTP/1.0");
            }
            body = new ChunkedBody(connection, keep);
        } else if (answer.contentLength >= 0) {
            if (answer.contentLength == 0) {
                release(connection, keep);
                return new Response(request, answer.status, headers, InputStream.nullInputStream());
            }
            body = new FixedBody(connection, answer.contentLength, keep);
        } else {
            body = new FixedBody(connection, Long.MAX_VALUE, false); // to the end of the connection
        }
        return new Response(request, answer.status, headers, new BodyDeadline(body, limit));
    }

    /**
     * Closes a socket at a deadline, from the shared timer's thread, unless disarmed first: bounds what socket timeouts
     * cannot (a write the other side does not read, a TLS handshake dripped one byte at a time).
     */
    private static final class Watchdog {
        private volatile Socket socket;
        private volatile boolean fired;
        private final ScheduledFuture<?> alarm;

        Watchdog(long deadline) {
            this(deadline, null);
        }

        Watchdog(long deadline, Connection connection) {
            this.socket = connection == null ? null : connection.plain;
            this.alarm = BodyDeadline.schedule(this::fire, Math.max(0, deadline - System.nanoTime()));
        }

        void watch(Socket plain) {
            this.socket = plain;
            if (fired) {
                closeQuietly(plain);
            }
        }

        private void fire() {
            fired = true;
            Socket watched = socket;
            if (watched != null) {
                closeQuietly(watched);
            }
        }

        boolean fired() {
            return fired;
        }

        void disarm() {
            alarm.cancel(false);
        }
    }

    // ---- connections ----

    private Connection take(Origin origin) {
        ArrayDeque<Connection> kept = idle.get(origin);
        if (kept == null) {
            return null;
        }
        long now = System.nanoTime();
        while (true) {
            Connection connection;
            synchronized (kept) {
                connection = kept.pollLast();
            }
            if (connection == null) {
                return null;
            }
            if (now - connection.idleSince < maxIdleNanos && connection.quiet()) {
                connection.reused = true;
                connection.received = 0;
                return connection;
            }
            connection.close();
        }
    }

    private void release(Connection connection, boolean keep) {
        // bytes past the answer (a broken server, an unasked 408) would be read as the next request's answer
        if (!keep || connection.buffered() > 0) {
            connection.close();
            return;
        }
        long now = System.nanoTime();
        connection.idleSince = now;
        Connection[] evicted = {null};
        // inside the map's compute, so a sweep cannot drop the list between this finding it and adding to it
        idle.compute(connection.origin, (origin, kept) -> {
            ArrayDeque<Connection> list = kept != null ? kept : new ArrayDeque<>();
            synchronized (list) {
                list.addLast(connection);
                if (list.size() > MAX_IDLE_PER_ORIGIN) {
                    evicted[0] = list.pollFirst();
                }
            }
            return list;
        });
        if (evicted[0] != null) {
            evicted[0].close();
        }
        if (now - lastSweep >= sweepEveryNanos) {
            lastSweep = now;
            sweep(now);
        }
    }

    /** Closes idle connections past {@link #MAX_IDLE} on every origin, so origins not asked for again hold no sockets. */
    private void sweep(long now) {
        for (Origin origin : idle.keySet()) {
            List<Connection> expired = new ArrayList<>();
            idle.computeIfPresent(origin, (key, kept) -> {
                synchronized (kept) {
                    kept.removeIf(connection -> {
                        boolean old = now - connection.idleSince >= maxIdleNanos;
                        if (old) {
                            expired.add(connection);
                        }
                        return old;
                    });
                    return kept.isEmpty() ? null : kept;
                }
            });
            expired.forEach(Connection::close);
        }
    }

    /** How many idle connections are kept now, on every origin (tests). */
    int idleConnections() {
        return idle.values().stream().mapToInt(kept -> {
            synchronized (kept) {
                return kept.size();
            }
        }).sum();
    }

    private Connection open(Origin origin, Watchdog watchdog, Duration limit) throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            watchdog.watch(plain);
            InetSocketAddress address = new InetSocketAddress(origin.address(), origin.port);
            if (address.isUnresolved()) {
                throw new UnknownHostException("cannot resolve " + origin.host);
            }
            try {
                plain.connect(address, remaining(watchdog, limit));
            } catch (SocketTimeoutException e) {
                HttpConnectTimeoutException timedOut = new HttpConnectTimeoutException(
                        "no connection to " + origin + " within " + limit.toMillis() + " ms");
                timedOut.initCause(e);
                throw timedOut;
            }
            Socket socket = origin.tls ? handshake(plain, origin, watchdog, limit) : plain;
            return new Connection(origin, plain, socket);
        } catch (IOException e) {
            closeQuietly(plain);
            throw watchdog.fired() && !(e instanceof HttpTimeoutException) ? timedOut(limit, e) : e;
        } catch (RuntimeException e) {
            closeQuietly(plain);
            throw e;
        }
    }

    /** What is left of the request's time, never 0 (which sockets read as "no limit"). */
    private static int remaining(Watchdog watchdog, Duration limit) throws HttpTimeoutException {
        int left = millis(watchdog.alarm.getDelay(TimeUnit.NANOSECONDS));
        if (left <= 0 || watchdog.fired()) {
            throw timedOut(limit, null);
        }
        return left;
    }

    private SSLSocket handshake(Socket plain, Origin origin, Watchdog watchdog, Duration limit) throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, origin.address(), origin.port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!origin.literal) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(origin.host)));
            } catch (IllegalArgumentException e) {
                throw new IOException("cannot name " + origin.host + " in a TLS handshake: " + e.getMessage(), e);
            }
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(remaining(watchdog, limit));
        try {
            socket.startHandshake();
        } catch (SocketTimeoutException e) {
            throw timedOut(limit, e);
        }
        return socket;
    }

    // ---- the request ----

    private static byte[] requestHead(HttpRequest request, Origin origin) {
        URI uri = request.uri();
        if (!uri.toString().chars().allMatch(c -> c < 128)) {
            uri = URI.create(uri.toASCIIString()); // other characters percent-encoded as UTF-8, as the JDK client sends them
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(origin.hostHeader()).append("\r\n");
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
            for (String value : header.getValue()) {
                head.append(header.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        long length = request.bodyPublisher().map(HttpRequest.BodyPublisher::contentLength).orElse(0L);
        if (length > 0 || !(request.method().equals("GET") || request.method().equals("HEAD"))) {
            head.append("Content-Length: ").append(Math.max(0, length)).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The bytes of a replayable body (a byte array or string publisher, as every request here has). */
    static byte[] bodyOf(HttpRequest request, Duration limit) throws IOException {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return new byte[0];
        }
        if (publisher.get().contentLength() < 0) {
            throw new IOException("a request body must have a known length");
        }
        Collector collector = new Collector();
        publisher.get().subscribe(collector);
        try {
            byte[] bytes = collector.done.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            if (bytes.length != publisher.get().contentLength()) {
                throw new IOException("the request body has " + bytes.length + " bytes, not the " + publisher.get().contentLength() + " it declared");
            }
            return bytes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading a request body");
        } catch (ExecutionException e) {
            throw new IOException("cannot read the request body", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the request body did not arrive within " + limit.toMillis() + " ms");
        }
    }

    /** Gathers what a body publisher emits; the JDK's byte-array publishers emit in the subscribing thread. */
    private static final class Collector implements Flow.Subscriber<ByteBuffer> {
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer item) {
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            bytes.writeBytes(chunk);
        }

        @Override
        public void onError(Throwable throwable) {
            done.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            done.complete(bytes.toByteArray());
        }
    }

    // ---- the answer's head ----

    private record Head(int status, Map<String, List<String>> headers, long contentLength, boolean close, boolean http10) {
    }

    private static Head readHead(Connection connection, long deadline, Duration limit) throws IOException {
        while (true) {
            Head head = readOneHead(connection, deadline, limit);
            if (head.status >= 200) {
                return head;
            }
            if (head.status == 101) {
                throw new IOException("the registry switched protocols, which was not asked for");
            }
            // 100 Continue and other interim answers precede the real one
        }
    }

    private static Head readOneHead(Connection connection, long deadline, Duration limit) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        String statusLine = line(connection, deadline, limit, budget);
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine.charAt(8) != ' ') {
            throw new IOException("the registry's answer does not start with an HTTP/1.x status line: " + excerpt(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("the registry's status line has no status code: " + excerpt(statusLine));
        }
        if (status < 100 || status > 999 || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
            throw new IOException("the registry's status line has no status code: " + excerpt(statusLine));
        }
        boolean http10 = statusLine.charAt(7) == '0';
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int count = 0;
        while (true) {
            String line = line(connection, deadline, limit, budget);
            if (line.isEmpty()) {
                break;
            }
            if (++count > MAX_HEADERS) {
                throw new IOException("the registry's answer has more than " + MAX_HEADERS + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || !token(line, colon)) {
                throw new IOException("the registry sent a malformed header line: " + excerpt(line));
            }
            headers.computeIfAbsent(line.substring(0, colon), name -> new ArrayList<>(1)).add(line.substring(colon + 1).trim());
        }
        long contentLength = contentLength(headers.get("Content-Length"));
        if (contentLength >= 0) {
            headers.put("Content-Length", List.of(Long.toString(contentLength))); // "5, 5" is 5 to every reader
        }
        String connectionHeader = String.join(",", headers.getOrDefault("Connection", List.of())).toLowerCase(Locale.ROOT);
        boolean close = connectionHeader.contains("close") || (http10 && !connectionHeader.contains("keep-alive"));
        return new Head(status, headers, contentLength, close, http10);
    }

    private static boolean token(String line, int end) {
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static long contentLength(List<String> values) throws IOException {
        if (values == null) {
            return -1;
        }
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                long parsed = digits(part.trim(), 10);
                if (parsed < 0 || (length >= 0 && parsed != length)) {
                    throw new IOException("the registry sent an invalid Content-Length: " + excerpt(value));
                }
                length = parsed;
            }
        }
        return length;
    }

    /** A number written in digits of {@code radix} alone (no sign, no space), at most 15 of them; -1 for anything else. */
    private static long digits(String text, int radix) {
        if (text.isEmpty() || text.length() > 15) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), radix);
            if (digit < 0 || text.charAt(i) > 'f') {
                return -1;
            }
            value = value * radix + digit;
        }
        return value;
    }

    /** One CRLF- (or LF-) terminated line of the head, within the head's byte budget and the request's deadline. */
    private static String line(Connection connection, long deadline, Duration limit, int[] budget) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int c;
            try {
                c = connection.read();
            } catch (SocketTimeoutException e) {
                throw timedOut(limit, e);
            }
            if (c == -1) {
                throw new EOFException(connection.received == 0
                        ? "the registry closed the connection without answering"
                        : "the registry closed the connection in the middle of its answer's headers");
            }
            connection.received++;
            if (--budget[0] < 0) {
                throw new IOException("the registry's answer headers exceed " + MAX_HEAD_BYTES + " bytes");
            }
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (c == '\r' && connection.peek() != '\n' || c == 0) {
                throw new IOException("the registry's answer headers hold a bare CR or a NUL");
            }
            line.append((char) c);
        }
    }

    private static HttpTimeoutException timedOut(Duration limit, IOException cause) {
        HttpTimeoutException timedOut = new HttpTimeoutException("the registry did not answer within " + limit.toMillis() + " ms");
        if (cause != null) {
            timedOut.initCause(cause);
        }
        return timedOut;
    }

    private static String excerpt(String text) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && shown.length() < 80; i++) {
            char c = text.charAt(i);
            shown.append(c >= ' ' && c < 127 ? c : '?');
        }
        return shown.length() < text.length() ? shown + "..." : shown.toString();
    }

    private static int millis(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos)));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do: the socket is gone either way
        }
    }

    // ---- origins and connections ----

    /** Scheme, host and port: what a kept connection can serve. */
    record Origin(boolean tls, String host, int port, boolean literal) {
        static Origin of(URI uri) throws IOException {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IOException("not an http or https URI: " + scheme);
            }
            String host = uri.getHost();
            if (host == null || host.isEmpty()) {
                throw new IOException("a URI without a host");
            }
            boolean tls = scheme.equals("https");
            int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
            boolean literal = host.startsWith("[") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
            return new Origin(tls, host.toLowerCase(Locale.ROOT), port, literal);
        }

        String address() {
            return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        }

        String hostHeader() {
            return port == (tls ? 443 : 80) ? host : host + ":" + port;
        }

        @Override
        public String toString() {
            return (tls ? "https://" : "http://") + hostHeader();
        }
    }

    /**
     * One socket and its read buffer. The head is read from the buffer byte by byte, refilled with the time left to the
     * request's deadline; bodies are read through the buffer and then straight from the socket.
     */
    private static final class Connection {
        final Origin origin;
        /** The TCP socket: closing it never waits (a TLS close_notify could, on a full send buffer). */
        final Socket plain;
        final Socket socket;
        final InputStream raw;
        final OutputStream out;
        final byte[] buffer = new byte[16 * 1024];
        int position;
        int limit;
        int soTimeout = -1;
        boolean reused;
        long received;
        long idleSince;

        Connection(Origin origin, Socket plain, Socket socket) throws IOException {
            this.origin = origin;
            this.plain = plain;
            this.socket = socket;
            this.raw = socket.getInputStream();
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
        }

        /** Each read's limit; set once per connection in the usual case, since every request has the same. */
        void timeout(int millis) throws IOException {
            if (millis != soTimeout) {
                socket.setSoTimeout(millis);
                soTimeout = millis;
            }
        }

        /** The next byte, or -1 at the end of the connection. */
        int read() throws IOException {
            if (position == limit && !fill()) {
                return -1;
            }
            return buffer[position++] & 0xff;
        }

        /** The next byte without taking it, or -1 at the end of the connection. */
        int peek() throws IOException {
            if (position == limit && !fill()) {
                return -1;
            }
            return buffer[position] & 0xff;
        }

        /** Body bytes: what is buffered first, then straight from the socket. */
        int read(byte[] into, int offset, int length) throws IOException {
            if (position < limit) {
                int n = Math.min(length, limit - position);
                System.arraycopy(buffer, position, into, offset, n);
                position += n;
                return n;
            }
            return raw.read(into, offset, length);
        }

        int buffered() {
            return limit - position;
        }

        void skipBuffered(int count) {
            position += count;
        }

        /** Idle and fit to reuse: open, and nothing arrived while idle (a 408, a close_notify, a broken server's extra bytes). */
        boolean quiet() {
            try {
                return !plain.isClosed() && buffered() == 0 && raw.available() == 0;
            } catch (IOException e) {
                return false;
            }
        }

        private boolean fill() throws IOException {
            int n = raw.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            position = 0;
            limit = n;
            return true;
        }

        void close() {
            closeQuietly(plain);
        }
    }

    /** A request on a kept connection the registry had closed: no answer came, so it may be sent again. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(Exception cause) {
            super(cause);
        }
    }

    // ---- bodies ----

    /**
     * A body on a connection: the connection goes back to its origin's idle list once the body was read whole, and is
     * closed otherwise. Exactly one of the two happens, whichever of the reader, its {@code close} or the body's
     * deadline ({@link #abort}, from the timer's thread) comes first.
     */
    private abstract class WireBody extends InputStream implements BodyDeadline.Abortable {
        final Connection connection;
        final boolean keep;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile boolean aborted;

        WireBody(Connection connection, boolean keep) {
            this.connection = connection;
            this.keep = keep;
        }

        /**
         * Whether the body is over: read to its end (then reads return -1), or cut off (then they fail, so a reader
         * that goes on after an error never takes the cut for the end).
         */
        final boolean done() throws IOException {
            if (aborted) {
                throw new IOException("the registry's answer was cut off: its connection is closed");
            }
            return done.get();
        }

        /** Whether the body ended, either way, without failing. */
        final boolean over() {
            return aborted || done.get();
        }

        /** The body was read to its end: the connection is kept if it may be, closed otherwise. */
        final void finish(boolean whole) {
            if (done.compareAndSet(false, true)) {
                release(connection, whole && keep);
            }
        }

        /** Safe from any thread (the body's deadline): the connection is closed, never kept. */
        @Override
        public final void abort() {
            if (done.compareAndSet(false, true)) {
                aborted = true;
                connection.close();
            }
        }

        @Override
        public final int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }
    }

    /** A body of known length (or up to the connection's end). */
    private final class FixedBody extends WireBody {
        private long remaining;

        FixedBody(Connection connection, long length, boolean keep) {
            super(connection, keep);
            this.remaining = length;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (done()) {
                return -1;
            }
            if (remaining == 0) {
                finish(true);
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int n;
            try {
                n = connection.read(buffer, offset, (int) Math.min(length, remaining));
            } catch (IOException e) {
                abort();
                throw e;
            }
            if (n == -1) {
                if (remaining != Long.MAX_VALUE) {
                    abort();
                    throw new EOFException("the registry closed the connection " + remaining + " bytes before the end of its answer");
                }
                finish(false); // a body without a length ends with its connection
                return -1;
            }
            if (remaining != Long.MAX_VALUE) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return done() ? 0 : (int) Math.min(connection.buffered(), remaining);
        }

        /**
         * A short rest already received (an error answer's JSON, usually) is skipped so the connection is kept. The
         * reader's own call: from another thread, {@link #abort()} is the one to use.
         */
        @Override
        public void close() {
            if (over()) {
                return;
            }
            if (keep && remaining <= connection.buffered()) {
                connection.skipBuffered((int) remaining);
                remaining = 0;
                finish(true);
                return;
            }
            abort();
        }
    }

    /** A chunked body (RFC 9112 section 7.1); trailers are read and dropped. Closed before its end, its connection goes. */
    private final class ChunkedBody extends WireBody {
        private long chunkLeft;

        ChunkedBody(Connection connection, boolean keep) {
            super(connection, keep);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (done()) {
                return -1;
            }
            try {
                if (chunkLeft == 0 && nextChunkIsLast()) {
                    finish(true);
                    return -1;
                }
                if (length == 0) {
                    return 0;
                }
                int n = connection.read(buffer, offset, (int) Math.min(length, chunkLeft));
                if (n == -1) {
                    throw new EOFException("the registry closed the connection in the middle of a chunk");
                }
                chunkLeft -= n;
                if (chunkLeft == 0 && !chunkLine().isEmpty()) {
                    throw new IOException("the registry sent a chunk longer than its size");
                }
                return n;
            } catch (IOException e) {
                abort();
                throw e;
            }
        }

        private boolean nextChunkIsLast() throws IOException {
            String size = chunkLine();
            int extension = size.indexOf(';');
            chunkLeft = digits((extension >= 0 ? size.substring(0, extension) : size).trim(), 16);
            if (chunkLeft < 0) {
                throw new IOException("the registry sent a malformed chunk size: " + excerpt(size));
            }
            if (chunkLeft > 0) {
                return false;
            }
            int trailers = 0;
            while (!chunkLine().isEmpty()) {
                if (++trailers > MAX_HEADERS) {
                    throw new IOException("the registry's answer has more than " + MAX_HEADERS + " trailer lines");
                }
            }
            return true;
        }

        private String chunkLine() throws IOException {
            StringBuilder line = new StringBuilder(16);
            while (true) {
                int c = connection.read();
                if (c == -1) {
                    throw new EOFException("the registry closed the connection in the middle of a chunked answer");
                }
                if (c == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= 4096) {
                    throw new IOException("the registry sent a chunk line longer than 4096 bytes");
                }
                line.append((char) c);
            }
        }

        @Override
        public void close() {
            abort();
        }
    }
}

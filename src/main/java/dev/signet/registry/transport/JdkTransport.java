package dev.signet.registry.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The wire: the JDK {@link HttpClient}, with redirects off (so {@link RedirectTransport} decides, and never forwards
 * credentials to another host) and one timeout per request.
 *
 * <p>The timeout covers connecting and waiting for the response headers, as the JDK defines it, and then, once
 * more, reading the body to its end ({@link BodyDeadline}): a registry that drips or stalls a body is cut off like one
 * that does not answer. Body sizes are bounded separately ({@link BoundedBody}).
 */
public final class JdkTransport implements Transport {
    private final HttpClient client;
    private final Duration timeout;

    private JdkTransport(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** A wire that trusts the JDK's default certificate authorities. */
    public static JdkTransport create(Duration timeout) {
        return create(timeout, null);
    }

    /** A wire that trusts what {@code sslContext} trusts (a private CA, a test certificate); null for the default. */
    public static JdkTransport create(Duration timeout, SSLContext sslContext) {
        Objects.requireNonNull(timeout, "timeout");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        return new JdkTransport(builder.build(), timeout);
    }

    @Override
    public Response send(HttpRequest request) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
        if (request.timeout().isEmpty()) {
            builder.timeout(timeout);
        }
        // over plain HTTP the JDK would offer an h2c upgrade on every first request; registries never take it
        if ("http".equalsIgnoreCase(request.uri().getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        HttpRequest sent = builder.build();
        try {
            HttpResponse<InputStream> response = client.send(sent, HttpResponse.BodyHandlers.ofInputStream());
            Duration bodyLimit = sent.timeout().orElse(timeout);
            return new Response(sent, response.statusCode(), response.headers(), new BodyDeadline(response.body(), bodyLimit));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for the registry");
            interrupted.initCause(e);
            throw interrupted;
        }
    }
}

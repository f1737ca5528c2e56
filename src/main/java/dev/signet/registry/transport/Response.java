package dev.signet.registry.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An HTTP answer whose body is still a stream. Closing it releases the connection; decorators that drop an answer
 * (to retry or follow a redirect) close it first.
 *
 * @param request the request this answers, after every decorator below the caller changed it
 * @param status the HTTP status code
 * @param headers the response headers
 * @param body the unread body; empty for HEAD
 */
public record Response(HttpRequest request, int status, HttpHeaders headers, InputStream body) implements Closeable {

    public Response {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** The URI that was requested. */
    public URI uri() {
        return request.uri();
    }

    /** The first value of a header, matched without regard to case as HTTP requires. */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The declared {@code Content-Length}, if the registry sent one; a hint only, never trusted as a bound. */
    public OptionalLong contentLength() {
        return headers.firstValueAsLong("Content-Length");
    }

    /** The {@code Content-Type} without parameters such as {@code charset}, lower-cased. */
    public Optional<String> mediaType() {
        return header("Content-Type")
                .map(value -> value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                .filter(value -> !value.isEmpty());
    }

    /** The same answer with another body: for decorators that transform what the wire sent. */
    public Response withBody(InputStream newBody) {
        return new Response(request, status, headers, newBody);
    }

    /** Method, URI without its query (which may carry upload state) and status; never headers. */
    @Override
    public String toString() {
        URI uri = uri();
        return "Response[" + request.method() + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath()
                + " -> " + status + "]";
    }

    /** Releases the connection; unread body bytes are discarded. */
    @Override
    public void close() throws IOException {
        body.close();
    }
}

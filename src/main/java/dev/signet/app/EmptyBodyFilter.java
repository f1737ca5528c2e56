package dev.signet.app;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers a POST without a body (no {@code Content-Length} or {@code Content-Length: 0}, not chunked) with 400 before
 * any resource reads it. Found by test: with Quarkus 3.34's REST layer a resource that reads the body of such a
 * request blocks until the client gives up, so the webhook and ingest endpoints would hang instead of answering
 * "bad input" (admission.md, events.md: 400, never 500, never a timeout).
 */
public class EmptyBodyFilter {

    @ServerRequestFilter(preMatching = true)
    public Response rejectEmptyPosts(ContainerRequestContext request, HttpServerRequest wire) {
        if (!HttpMethod.POST.equals(request.getMethod())) {
            return null;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean empty;
        if (length != null && !length.isBlank()) {
            empty = length.strip().equals("0");
        } else {
            // HTTP/1.x: no length and not chunked means no body (RFC 9112 6.3); HTTP/2 frames a body without either
            String encoding = request.getHeaderString("Transfer-Encoding");
            empty = wire.version() != HttpVersion.HTTP_2 && (encoding == null || encoding.isBlank());
        }
        if (!empty) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        boolean ingest = path.startsWith("/ingest/");
        if (ingest && length != null) {
            return null; // a declared empty body: the receiver answers it with the parser's own words, without reading
        }
        // the ingest endpoints answer {"error": ...}, the adapter {"message": ...}
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of(ingest ? "error" : "message", "read request " + path + ": the body is empty; send the event, review or notification as JSON"))
                .build();
    }
}

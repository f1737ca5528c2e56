package dev.signet.events.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /ingest/{distribution,harbor,quay,github,dockerhub}} (interfaces.md §3): the JAX-RS shell around
 * {@link WebhookReceiver}. The body is taken as a stream so its size is bounded here rather than after the framework
 * has buffered it, and every content type is let through so the receiver can answer with a reason instead of the
 * framework's bare 415. Needs beans of {@link PushSink}, {@link TagResolver}, {@link IngestOptions}, {@link Clock}
 * and Jackson's {@link ObjectMapper}; the methods block (tag resolution is a registry round trip), so they run on
 * worker threads.
 */
@Path("/ingest")
@Singleton
public class IngestResource {
    private final WebhookReceiver receiver;

    @Inject
    public IngestResource(PushSink sink, TagResolver resolver, IngestOptions options, Clock clock, ObjectMapper mapper) {
        this.receiver = new WebhookReceiver(sink, resolver, options, clock, mapper);
    }

    @POST
    @Path("distribution")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response distribution(@Context HttpHeaders headers, InputStream body) {
        return receive(UpstreamKind.DISTRIBUTION, headers, body);
    }

    @POST
    @Path("harbor")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response harbor(@Context HttpHeaders headers, InputStream body) {
        return receive(UpstreamKind.HARBOR, headers, body);
    }

    @POST
    @Path("quay")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response quay(@Context HttpHeaders headers, InputStream body) {
        return receive(UpstreamKind.QUAY, headers, body);
    }

    @POST
    @Path("github")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response github(@Context HttpHeaders headers, InputStream body) {
        return receive(UpstreamKind.GITHUB, headers, body);
    }

    @POST
    @Path("dockerhub")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response dockerhub(@Context HttpHeaders headers, InputStream body) {
        return receive(UpstreamKind.DOCKERHUB, headers, body);
    }

    private Response receive(UpstreamKind kind, HttpHeaders headers, InputStream body) {
        IngestReply reply = receiver.receive(kind, firstValues(headers), body);
        Response.ResponseBuilder response = Response.status(reply.status()).entity(reply.body()).type(MediaType.APPLICATION_JSON);
        reply.headers().forEach(response::header);
        return response.build();
    }

    private static Map<String, String> firstValues(HttpHeaders headers) {
        Map<String, String> first = new HashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            if (values != null && !values.isEmpty()) {
                first.put(name, values.get(0));
            }
        });
        return first;
    }
}

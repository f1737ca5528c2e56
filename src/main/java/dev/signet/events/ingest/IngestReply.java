package dev.signet.events.ingest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * What an ingest endpoint answers: a status, a small JSON body and any extra headers. Kept free of JAX-RS so the
 * whole pipeline is tested as plain Java.
 *
 * @param status 202 when accepted; 400, 401, 413 or 415 for the sender's mistakes; 502 or 503 when a tag could not
 *     be resolved or the pushes not handed over
 * @param body {@link Accepted} or {@link Rejected}
 * @param headers e.g. {@code WWW-Authenticate} on a 401, {@code Retry-After} on a 503
 */
public record IngestReply(int status, Object body, Map<String, String> headers) {

    public IngestReply {
        headers = Map.copyOf(headers);
    }

    static IngestReply accepted(int accepted, int duplicates) {
        return new IngestReply(202, new Accepted(accepted, duplicates), Map.of());
    }

    static IngestReply rejected(int status, String error) {
        return new IngestReply(status, new Rejected(error), Map.of());
    }

    static IngestReply rejected(int status, String error, Map<String, String> headers) {
        return new IngestReply(status, new Rejected(error), headers);
    }

    /**
     * The 202 body.
     *
     * @param accepted pushes handed over for signing
     * @param duplicates pushes dropped as seen within the dedupe window
     */
    @RegisterForReflection
    public record Accepted(int accepted, int duplicates) {
    }

    /**
     * An error body; the message has the project's shape, {@code <action> <subject>: <cause>}.
     *
     * @param error why the request was refused
     */
    @RegisterForReflection
    public record Rejected(String error) {
    }
}

package dev.signet.registry.transport;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.Objects;

/** Names Signet in every request, so registry operators can tell our traffic apart (ggcr's {@code userAgentTransport}). */
public final class UserAgentTransport implements Transport {
    private final Transport inner;
    private final String userAgent;

    public UserAgentTransport(Transport inner, String userAgent) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    @Override
    public Response send(HttpRequest request) throws IOException {
        if (request.headers().firstValue("User-Agent").isPresent()) {
            return inner.send(request);
        }
        return inner.send(HttpRequest.newBuilder(request, (name, value) -> true)
                .header("User-Agent", userAgent)
                .build());
    }
}

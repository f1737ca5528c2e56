package dev.signet.registry;

import dev.signet.registry.transport.Response;
import dev.signet.registry.transport.Transport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.function.Predicate;

/**
 * A decorator of our own transport that flips the first byte of matching GET bodies: a registry (or anything in
 * between) that lies about content, for the negative tests of digest checking.
 */
final class CorruptingTransport implements Transport {
    private final Transport inner;
    private final Predicate<String> paths;

    CorruptingTransport(Transport inner, Predicate<String> paths) {
        this.inner = inner;
        this.paths = paths;
    }

    @Override
    public Response send(HttpRequest request) throws IOException {
        Response response = inner.send(request);
        if (!request.method().equals("GET") || response.status() != 200 || !paths.test(request.uri().getPath())) {
            return response;
        }
        byte[] body;
        try (response) {
            body = response.body().readAllBytes();
        }
        if (body.length > 0) {
            body[0] ^= 0x01;
        }
        return response.withBody(new ByteArrayInputStream(body));
    }
}

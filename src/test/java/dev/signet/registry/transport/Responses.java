package dev.signet.registry.transport;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds our own {@link Response} values for decorator tests; nothing of the JDK's HTTP stack is mocked. */
public final class Responses {
    private Responses() {
    }

    public static HttpRequest get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).GET().build();
    }

    /** An answer to {@code request} with these headers (one value each) and body. */
    public static Response answer(HttpRequest request, int status, Map<String, String> headers, String body) {
        HttpHeaders httpHeaders = HttpHeaders.of(
                headers.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                (name, value) -> true);
        return new Response(request, status, httpHeaders, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    public static Response answer(HttpRequest request, int status) {
        return answer(request, status, Map.of(), "");
    }
}

package dev.signet.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;


class RedirectTransportTest {
    private final List<HttpRequest> sent = new ArrayList<>();

    private Transport answering(Function<HttpRequest, Response> script) {
        return request -> {
            sent.add(request);
            return script.apply(request);
        };
    }

    private static HttpRequest withAuthorization(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer secret").GET().build();
    }

    @Test
    void send_relativeLocation_isResolvedAndKeepsCredentialsOnSameOrigin() throws IOException {
        Transport redirect = new RedirectTransport(answering(request -> request.uri().getPath().startsWith("/v2/")
                ? Responses.answer(request, 307, Map.of("Location", "/storage/blob?x=1"), "")
                : Responses.answer(request, 200)));

        assertThat(redirect.send(withAuthorization("https://registry.example/v2/app/blobs/sha256:ab")).status()).isEqualTo(200);
        assertThat(sent.get(1).uri().toString()).isEqualTo("https://registry.example/storage/blob?x=1");
        assertThat(sent.get(1).headers().firstValue("Authorization")).contains("Bearer secret");
    }

    @Test
    void send_locationOnAnotherHostOrScheme_dropsAuthorization() throws IOException {
        for (String target : List.of("https://storage.example/blob", "http://registry.example/blob", "https://registry.example:8443/blob")) {
            sent.clear();
            Transport redirect = new RedirectTransport(answering(request -> request.uri().getPath().startsWith("/v2/")
                    ? Responses.answer(request, 302, Map.of("Location", target), "")
                    : Responses.answer(request, 200)));

            redirect.send(withAuthorization("https://registry.example/v2/app/blobs/sha256:ab"));

            assertThat(sent.get(1).uri().toString()).isEqualTo(target);
            assertThat(sent.get(1).headers().firstValue("Authorization")).isEmpty();
        }
    }

    @Test
    void send_see_other_turnsPutIntoGet() throws IOException {
        Transport redirect = new RedirectTransport(answering(request -> request.method().equals("PUT")
                ? Responses.answer(request, 303, Map.of("Location", "/done"), "")
                : Responses.answer(request, 200)));

        redirect.send(HttpRequest.newBuilder(URI.create("https://registry.example/v2/x"))
                .PUT(HttpRequest.BodyPublishers.ofString("body")).build());

        assertThat(sent).extracting(HttpRequest::method).containsExactly("PUT", "GET");
    }

    @Test
    void send_endlessRedirects_stopAfterTheBound() {
        Transport redirect = new RedirectTransport(answering(request -> Responses.answer(request, 301, Map.of("Location", "/again"), "")));

        assertThatThrownBy(() -> redirect.send(Responses.get("https://registry.example/v2/")))
                .isInstanceOf(IOException.class)
                .hasMessage("more than 10 redirects");
        assertThat(sent).hasSize(RedirectTransport.MAX_HOPS + 1);
    }

    @Test
    void send_redirectToOtherScheme_isRefused() {
        Transport redirect = new RedirectTransport(answering(request -> Responses.answer(request, 302, Map.of("Location", "file:///etc/passwd"), "")));

        assertThatThrownBy(() -> redirect.send(Responses.get("https://registry.example/v2/")))
                .hasMessage("redirect to a location that is not http or https");
    }

    @Test
    void send_redirectStatusWithoutLocation_isReturnedAsIs() throws IOException {
        Transport redirect = new RedirectTransport(answering(request -> Responses.answer(request, 302)));

        assertThat(redirect.send(Responses.get("https://registry.example/v2/")).status()).isEqualTo(302);
    }
}

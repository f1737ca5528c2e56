package dev.signet.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.testing.ScriptedServer;
import dev.signet.testing.ScriptedServer.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    /** A PUT with a body and credentials, through real loopback servers: {@code first} redirects it with {@code status}. */
    private static ScriptedServer.Request redirectedPut(int status, boolean toOtherOrigin) throws IOException {
        try (ScriptedServer other = ScriptedServer.start(request -> Answer.of(201));
                ScriptedServer first = ScriptedServer.start(request -> request.uri().getPath().equals("/v2/upload")
                        ? Answer.of(status, Map.of("Location", toOtherOrigin
                                ? "http://127.0.0.1:" + other.port() + "/landing" : "/landing"), "")
                        : Answer.of(201))) {
            Transport redirect = new RedirectTransport(SocketTransport.create(Duration.ofSeconds(5)));
            HttpRequest put = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port() + "/v2/upload"))
                    .header("Authorization", "Basic c2VjcmV0")
                    .header("Cookie", "session=secret")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .PUT(HttpRequest.BodyPublishers.ofString("refresh_token=secret"))
                    .build();

            try (Response response = redirect.send(put)) {
                assertThat(response.status()).isEqualTo(201);
            }
            List<ScriptedServer.Request> landed = (toOtherOrigin ? other : first).requests().stream()
                    .filter(r -> r.uri().getPath().equals("/landing")).toList();
            assertThat(landed).hasSize(1);
            return landed.get(0);
        }
    }

    @Test
    void send_crossOrigin307or308_dropsBodyAndCredentials() throws IOException {
        for (int status : List.of(307, 308)) {
            ScriptedServer.Request landed = redirectedPut(status, true);

            assertThat(landed.method()).as("status %d", status).isEqualTo("PUT");
            assertThat(landed.body()).as("status %d", status).isEmpty();
            assertThat(landed.header("Authorization")).as("status %d", status).isNull();
            assertThat(landed.header("Cookie")).as("status %d", status).isNull();
            assertThat(landed.header("Content-Type")).as("status %d", status).isNull();
        }
    }

    @Test
    void send_crossOrigin302_dropsBodyToo() throws IOException {
        ScriptedServer.Request landed = redirectedPut(302, true);

        assertThat(landed.body()).isEmpty();
        assertThat(landed.header("Authorization")).isNull();
    }

    @Test
    void send_sameOrigin307_keepsBodyAndCredentials() throws IOException {
        ScriptedServer.Request landed = redirectedPut(307, false);

        assertThat(landed.method()).isEqualTo("PUT");
        assertThat(new String(landed.body(), StandardCharsets.UTF_8)).isEqualTo("refresh_token=secret");
        assertThat(landed.header("Authorization")).isEqualTo("Basic c2VjcmV0");
    }
}

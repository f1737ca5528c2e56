package dev.signet.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.registry.transport.RequestLog.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestLogTest {

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("/v2/", Kind.PING),
                Arguments.of("/v2/app/manifests/latest", Kind.MANIFEST),
                Arguments.of("/v2/org/team/app/manifests/sha256:abc", Kind.MANIFEST),
                Arguments.of("/v2/app/blobs/sha256:abc", Kind.BLOB),
                Arguments.of("/v2/app/blobs/uploads/", Kind.BLOB_UPLOAD),
                Arguments.of("/v2/app/blobs/uploads/3f1c-uuid", Kind.BLOB_UPLOAD),
                Arguments.of("/v2/app/tags/list", Kind.TAGS),
                Arguments.of("/v2/app/referrers/sha256:abc", Kind.REFERRERS),
                Arguments.of("/token", Kind.OTHER),
                Arguments.of("/storage/blob", Kind.OTHER));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("paths")
    void kindOf_registryPaths_classifiesTheOperation(String path, Kind kind) {
        assertThat(Kind.of(path)).isEqualTo(kind);
    }

    @Test
    void send_recordsMethodPathStatusAndAuthorizationPresenceButNoSecrets() throws IOException {
        RequestLog log = new RequestLog(request -> Responses.answer(request, 404));
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://r.example/v2/app/manifests/v1?token=secret"))
                .header("Authorization", "Bearer secret").method("HEAD", HttpRequest.BodyPublishers.noBody()).build();

        log.send(request);

        assertThat(log.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.uri().toString()).isEqualTo("https://r.example/v2/app/manifests/v1");
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.authorized()).isTrue();
            assertThat(e.toString()).doesNotContain("secret");
        });
        assertThat(log.count("HEAD", Kind.MANIFEST)).isEqualTo(1);
    }

    @Test
    void send_noAnswer_isRecordedWithStatusZero() {
        RequestLog log = new RequestLog(request -> {
            throw new ConnectException("refused");
        });

        try {
            log.send(Responses.get("https://r.example/v2/"));
        } catch (IOException expected) {
            // recorded all the same
        }

        assertThat(log.exchanges()).extracting(RequestLog.Exchange::status).containsExactly(0);
    }
}

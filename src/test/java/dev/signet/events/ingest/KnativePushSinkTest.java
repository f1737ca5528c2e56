package dev.signet.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.signet.SignetException;
import dev.signet.events.EventTypes;
import dev.signet.events.ImagePushedData;
import dev.signet.events.SinkToken;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Knative sink path, against a real HTTP server on loopback standing in for the broker. */
class KnativePushSinkTest {
    private HttpServer broker;
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(202);

    @BeforeEach
    void startBroker() throws IOException {
        broker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        broker.createContext("/", exchange -> {
            Map<String, String> event = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> event.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            event.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.add(event);
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        broker.start();
    }

    @AfterEach
    void stopBroker() {
        broker.stop(0);
    }

    private KnativePushSink sink() {
        return new KnativePushSink(HttpClient.newHttpClient(), new ObjectMapper(),
                URI.create("http://127.0.0.1:" + broker.getAddress().getPort() + "/"), "/signet/ingest");
    }

    private static ImagePushedData push() {
        return new ImagePushedData("registry.local", "team/app", "v1", "sha256:" + "a".repeat(64),
                "application/vnd.oci.image.manifest.v1+json", null, null, new ImagePushedData.Upstream("distribution", "n1"));
    }

    @Test
    void accept_sendsABinaryModeImagePushedEvent() {
        sink().accept(List.of(push()), "corr-7");

        assertThat(received).singleElement().satisfies(event -> {
            assertThat(event).containsEntry("ce-type", EventTypes.IMAGE_PUSHED)
                    .containsEntry("ce-specversion", "1.0")
                    .containsEntry("ce-source", "/signet/ingest")
                    .containsEntry("ce-subject", "registry.local/team/app@sha256:" + "a".repeat(64))
                    .containsEntry("ce-correlationid", "corr-7");
            assertThat(event.get("body")).contains("\"repository\":\"team/app\"").contains("\"upstream\":{\"kind\":\"distribution\"");
        });
    }

    @Test
    void accept_withTheSinkBindingsOidcToken_presentsItAsBearer(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "header.payload.signature\n");
        KnativePushSink withToken = new KnativePushSink(HttpClient.newHttpClient(), new ObjectMapper(),
                URI.create("http://127.0.0.1:" + broker.getAddress().getPort() + "/"), "/signet/ingest", SinkToken.file(token));

        withToken.accept(List.of(push()), "corr-8");
        sink().accept(List.of(push()), "corr-9");

        assertThat(received).hasSize(2);
        assertThat(received.get(0)).containsEntry("authorization", "Bearer header.payload.signature");
        assertThat(received.get(1)).as("no token file: no header").doesNotContainKey("authorization");
    }

    @Test
    void accept_brokerRefuses_isTransientSoTheRegistryRedelivers() {
        status.set(503);

        assertThatThrownBy(() -> sink().accept(List.of(push()), "c"))
                .isInstanceOfSatisfying(SignetException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageStartingWith("send image.pushed for registry.local/team/app@sha256:")
                .hasMessageContaining("answered HTTP 503; the registry will deliver the notification again");
    }

    @Test
    void accept_brokerGone_isTransient() {
        broker.stop(0);

        assertThatThrownBy(() -> sink().accept(List.of(push()), "c"))
                .isInstanceOfSatisfying(SignetException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("could not be reached");
    }
}

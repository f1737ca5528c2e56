package dev.signet.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.signet.events.AdmissionRequested;
import dev.signet.events.AdmissionSettings;
import dev.signet.events.EventTypes;
import dev.signet.events.SinkToken;
import dev.signet.events.outbound.AdmissionVerdictData;
import dev.signet.json.Json;
import dev.signet.policy.FailurePolicy;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The adapter without Quarkus: a remote verifier that never answers is answered for by the failure policy within the
 * adapter's deadline; verdict events reach the sink, except for dry runs.
 */
class AdapterDeadlineTest {
    private static final String REVIEW = AdmissionReviewsFixture.pod("uid-9", "shop", "", "127.0.0.1:5000/signed/app:v1");

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode entity(Response response) {
        return Json.mapper().valueToTree(response.getEntity());
    }

    @Test
    void silentVerifier_answeredByTheFailurePolicy_beforeTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            VerifierClient remote = new RemoteVerifier(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"), "/test");
            VerdictSink noSink = new VerdictSink(HttpClient.newHttpClient(), null, "/test");
            Duration deadline = Duration.ofMillis(500);

            long start = System.nanoTime();
            JsonNode fail = entity(new AdmissionResource(remote, noSink, new AdmissionSettings(FailurePolicy.FAIL, deadline)).validate(body(REVIEW)));
            JsonNode ignore = entity(new AdmissionResource(remote, noSink, new AdmissionSettings(FailurePolicy.IGNORE, deadline)).validate(body(REVIEW)));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(elapsed).isLessThan(deadline.multipliedBy(2).plusMillis(500));
            assertThat(fail.at("/response/uid").asText()).isEqualTo("uid-9");
            assertThat(fail.at("/response/allowed").asBoolean()).isFalse();
            assertThat(fail.at("/response/status/message").asText()).isEqualTo("Signet could not decide (verify admission uid-9: the verifier did not answer "
                    + "within 500 ms); failurePolicy Fail denies");
            assertThat(ignore.at("/response/allowed").asBoolean()).isTrue();
            assertThat(ignore.at("/response/warnings/0").asText()).contains("failurePolicy Ignore allows");
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void verdictEvents_goToTheSink_butNotForDryRuns() throws Exception {
        HttpServer sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        sink.createContext("/", exchange -> {
            received.add(Map.of("type", exchange.getRequestHeaders().getFirst("ce-type"), "uid", exchange.getRequestHeaders().getFirst("ce-admissionuid"),
                    "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            first.countDown();
        });
        sink.start();
        try {
            // the SinkBinding's OIDC token (Knative sender identity), presented to the broker
            Path token = Files.createTempFile("oidc", "token");
            Files.writeString(token, "header.payload.signature");
            VerdictSink events = new VerdictSink(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + sink.getAddress().getPort() + "/"), "/test",
                    SinkToken.file(token));
            AdmissionVerdictData denied = new AdmissionVerdictData("uid-1", false, List.of(), List.of(), List.of(), "denied for the test", false);
            List<String> sent = new ArrayList<>();

            events.publish(new AdmissionRequested("uid-dry", "CREATE", true, "shop", "Pod", "web", null), denied, "c");
            events.publish(new AdmissionRequested("uid-1", "CREATE", false, "shop", "Pod", "web", null), denied, "c");

            assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.onSpinWait();
            received.forEach(event -> sent.add(event.get("uid")));
            assertThat(sent).containsExactly("uid-1");
            assertThat(received.get(0).get("type")).isEqualTo(EventTypes.ADMISSION_DENIED);
            assertThat(received.get(0).get("body")).contains("\"message\":\"denied for the test\"");
            assertThat(received.get(0).get("authorization")).isEqualTo("Bearer header.payload.signature");
            assertThat(events.failures()).isZero();
            Files.delete(token);
        } finally {
            sink.stop(0);
        }
    }
}

package dev.signet.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.signet.keys.KeyException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The KMS wire is bounded: an answer too large is refused, one that stalls is cut off. */
class KmsHttpTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpServer server;

    KmsHttpTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/large", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[KmsHttp.MAX_BODY + 1]);
            }
        });
        server.createContext("/stall", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write('{');
                out.flush();
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/small", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{}".getBytes());
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path)).GET();
    }

    @Test
    void send_smallAnswer_isRead() {
        KmsHttp.Answer answer = KmsHttp.create(Duration.ofSeconds(2), null).send(get("/small"), "fetch KMS public key", "hashivault://k");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("{}");
    }

    @Test
    void send_answerLargerThanTheLimit_isRefused() {
        assertThatThrownBy(() -> KmsHttp.create(Duration.ofSeconds(2), null).send(get("/large"), "fetch KMS public key", "hashivault://k"))
                .isInstanceOf(KeyException.class).hasMessage("fetch KMS public key hashivault://k: 127.0.0.1 answered more than 65536 bytes");
    }

    @Test
    void send_bodyThatStalls_isCutOff() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> KmsHttp.create(Duration.ofMillis(300), null).send(get("/stall"), "fetch KMS public key", "hashivault://k"))
                .isInstanceOf(KeyException.class).hasMessageContaining("127.0.0.1 did not answer within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}

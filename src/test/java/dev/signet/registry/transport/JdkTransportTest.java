package dev.signet.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wire's time limits over real loopback HTTP: a raw socket server sends the headers and then only part of the
 * body, as a registry that stalls or drips does (AdmissionFaultsIT shows the admission-level consequence).
 */
class JdkTransportTest {
    private ServerSocket server;
    private Thread answering;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        if (answering != null) {
            answering.interrupt();
        }
    }

    /** Answers one request with {@code head} and {@code body}, then keeps the connection open without sending more. */
    private URI answerOnce(String head, String body) {
        answering = new Thread(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                in.read(new byte[8192]);
                OutputStream out = socket.getOutputStream();
                out.write((head + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(30_000);
            } catch (IOException | InterruptedException e) {
                // the test is over
            }
        });
        answering.setDaemon(true);
        answering.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v2/");
    }

    @Test
    void send_bodyStalledAfterTheHeaders_isCutOffAtTheTimeout() throws IOException {
        URI uri = answerOnce("HTTP/1.1 200 OK\r\nContent-Length: 100", "{\"par");
        JdkTransport wire = JdkTransport.create(Duration.ofMillis(300));
        long start = System.nanoTime();

        try (Response response = wire.send(HttpRequest.newBuilder(uri).GET().build())) {
            assertThat(response.status()).isEqualTo(200);
            assertThatThrownBy(() -> response.body().readAllBytes())
                    .isInstanceOf(HttpTimeoutException.class)
                    .hasMessage("the registry's answer did not arrive in full within 300 ms");
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void send_bodyInTime_isReadWhole() throws IOException {
        URI uri = answerOnce("HTTP/1.1 200 OK\r\nContent-Length: 5", "hello");
        JdkTransport wire = JdkTransport.create(Duration.ofMillis(300));

        try (Response response = wire.send(HttpRequest.newBuilder(uri).GET().build())) {
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        }
    }
}

package dev.signet.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.testing.ScriptedServer;
import dev.signet.testing.ScriptedServer.Answer;
import dev.signet.testing.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The socket wire over real loopback TCP: a raw server that reads each request head (and its body by
 * {@code Content-Length}) and writes exactly the bytes a test scripts, so framing, keep-alive, stale connections and
 * time limits are seen as a registry or a proxy would produce them; and the JDK's own HTTPS server for TLS.
 */
class SocketTransportTest {
    private static final TestCertificate CERTIFICATE = TestCertificate.generate("signet socket wire");
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private RawServer server;

    @BeforeEach
    void listen() throws IOException {
        server = new RawServer();
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static String text(Response response) throws IOException {
        return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void send_twoRequests_shareOneConnection_andTheRequestHeadIsWhatHttp11Needs() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: application/json; charset=utf-8\r\n\r\nhello");
        server.answer("HTTP/1.1 201 Created\r\nLocation: /v2/app/blobs/x\r\nContent-Length: 0\r\n\r\n");
        SocketTransport wire = SocketTransport.create(TIMEOUT);

        try (Response first = wire.send(HttpRequest.newBuilder(uri("/v2/app/manifests/v1?x=a%2Fb")).header("Accept", "a, b").GET().build())) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.mediaType()).contains("application/json");
            assertThat(first.header("content-type")).contains("application/json; charset=utf-8");
            assertThat(text(first)).isEqualTo("hello");
        }
        try (Response second = wire.send(HttpRequest.newBuilder(uri("/v2/app/blobs/uploads/"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray("abc".getBytes(StandardCharsets.UTF_8))).build())) {
            assertThat(second.status()).isEqualTo(201);
            assertThat(second.header("Location")).contains("/v2/app/blobs/x");
            assertThat(second.body().read()).isEqualTo(-1);
        }

        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).head()).isEqualTo("GET /v2/app/manifests/v1?x=a%2Fb HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + server.port() + "\r\nAccept: a, b\r\n\r\n");
        assertThat(server.requests().get(1).head()).startsWith("PUT /v2/app/blobs/uploads/ HTTP/1.1\r\n").contains("Content-Length: 3\r\n");
        assertThat(server.requests().get(1).body()).isEqualTo("abc");
    }

    @Test
    void send_postWithoutBody_declaresAnEmptyBody() throws IOException {
        server.answer("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");

        try (Response response = SocketTransport.create(TIMEOUT).send(HttpRequest.newBuilder(uri("/v2/app/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build())) {
            assertThat(response.status()).isEqualTo(202);
        }
        assertThat(server.requests().get(0).head()).contains("Content-Length: 0\r\n");
    }

    @Test
    void send_chunkedAnswerWithExtensionsAndTrailers_isReadWhole_andTheConnectionKept() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\nhello\r\n6\r\n world\r\n0\r\nDigest: y\r\n\r\n");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        SocketTransport wire = SocketTransport.create(TIMEOUT);

        try (Response response = wire.send(get("/a"))) {
            assertThat(text(response)).isEqualTo("hello world");
        }
        try (Response response = wire.send(get("/b"))) {
            assertThat(text(response)).isEqualTo("ok");
        }
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void send_headAnswer_hasNoBodyWhateverItsContentLength_andKeepsTheConnection() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nDocker-Content-Digest: sha256:abc\r\n\r\n");
        server.answer("HTTP/1.1 204 No Content\r\n\r\n");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz");
        SocketTransport wire = SocketTransport.create(TIMEOUT);

        try (Response head = wire.send(HttpRequest.newBuilder(uri("/m")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build())) {
            assertThat(head.contentLength()).hasValue(1234);
            assertThat(head.header("Docker-Content-Digest")).contains("sha256:abc");
            assertThat(head.body().read()).isEqualTo(-1);
        }
        try (Response noContent = wire.send(get("/n"))) {
            assertThat(noContent.status()).isEqualTo(204);
        }
        try (Response last = wire.send(get("/z"))) {
            assertThat(text(last)).isEqualTo("z");
        }
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void send_interimContinue_isSkipped() throws IOException {
        server.answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        try (Response response = SocketTransport.create(TIMEOUT).send(get("/c"))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(text(response)).isEqualTo("ok");
        }
    }

    @Test
    void send_errorBodyClosedUnread_keepsTheConnectionWhenItHasArrived() throws IOException {
        server.answer("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"x\"\r\nContent-Length: 17\r\n\r\n{\"errors\":[null]}");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        SocketTransport wire = SocketTransport.create(TIMEOUT);

        try (Response challenge = wire.send(get("/v2/"))) {
            assertThat(challenge.status()).isEqualTo(401);
        }
        try (Response response = wire.send(get("/v2/"))) {
            assertThat(text(response)).isEqualTo("ok");
        }
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void send_answerSaysConnectionClose_orHasNoLength_theNextRequestOpensANewConnection() throws IOException {
        // the server keeps the first connection open: only the client can decide not to reuse it
        server.answer("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na");
        server.answerAndClose("HTTP/1.1 200 OK\r\n\r\nto the end");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nc");
        SocketTransport wire = SocketTransport.create(TIMEOUT);

        try (Response response = wire.send(get("/a"))) {
            assertThat(text(response)).isEqualTo("a");
        }
        try (Response response = wire.send(get("/b"))) {
            assertThat(text(response)).isEqualTo("to the end");
        }
        try (Response response = wire.send(get("/c"))) {
            assertThat(text(response)).isEqualTo("c");
        }
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void send_keptConnectionClosedByTheRegistry_sendsTheRequestOnceMoreOnANewOne() throws IOException {
        // a keep-alive answer, then the server drops the idle connection, as registries and load balancers do
        server.answerAndClose("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
        server.answer("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        SocketTransport wire = SocketTransport.create(TIMEOUT);

        try (Response response = wire.send(get("/a"))) {
            assertThat(text(response)).isEqualTo("a");
        }
        server.awaitClosed(1);
        try (Response response = wire.send(HttpRequest.newBuilder(uri("/v2/app/manifests/v1"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2})).build())) {
            assertThat(response.status()).isEqualTo(201);
        }
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.requests()).extracting(RawRequest::body).last().isEqualTo("\u0001\u0002");
    }

    @Test
    void send_postOnAKeptConnectionClosedWithoutAnswer_isSentOnceMoreOnANewConnection() throws IOException {
        // as a TLS connection an ingress closed while idle: nothing tells it apart before the write
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
        server.closeWithoutAnswer();
        server.answer("HTTP/1.1 202 Accepted\r\nLocation: /v2/app/blobs/uploads/1\r\nContent-Length: 0\r\n\r\n");
        SocketTransport wire = SocketTransport.create(TIMEOUT);
        try (Response response = wire.send(get("/a"))) {
            assertThat(text(response)).isEqualTo("a");
        }

        try (Response response = wire.send(HttpRequest.newBuilder(uri("/v2/app/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build())) {
            assertThat(response.status()).isEqualTo(202);
        }
        assertThat(server.requests()).extracting(request -> request.head().substring(0, 4)).containsExactly("GET ", "POST", "POST");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void send_bytesPastTheAnswer_areNeverTakenForTheNextAnswer() throws IOException {
        // a broken server's second answer in the same write, or an unasked 408 on an idle connection
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nSTALE");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh");
        SocketTransport wire = SocketTransport.create(TIMEOUT);

        try (Response response = wire.send(get("/a"))) {
            assertThat(text(response)).isEqualTo("ok");
        }
        try (Response response = wire.send(get("/b"))) {
            assertThat(text(response)).isEqualTo("fresh");
        }
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void send_somethingArrivedOnAnIdleConnection_itIsNotReused() throws Exception {
        server.answerThenLater("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na", "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
        SocketTransport wire = SocketTransport.create(TIMEOUT);

        try (Response response = wire.send(get("/a"))) {
            assertThat(text(response)).isEqualTo("a");
        }
        server.awaitLaterSent();
        try (Response response = wire.send(get("/b"))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(text(response)).isEqualTo("b");
        }
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void send_http10AnswerWithoutKeepAlive_closesItsConnection() throws IOException {
        server.answer("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\na");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
        SocketTransport wire = SocketTransport.create(TIMEOUT);

        try (Response response = wire.send(get("/a"))) {
            assertThat(text(response)).isEqualTo("a");
        }
        try (Response response = wire.send(get("/b"))) {
            assertThat(text(response)).isEqualTo("b");
        }
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void send_repeatedEqualContentLengths_areOneLengthToEveryReader() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello");

        try (Response response = SocketTransport.create(TIMEOUT).send(get("/a"))) {
            assertThat(response.contentLength()).hasValue(5);
            assertThat(text(response)).isEqualTo("hello");
        }
    }

    @Test
    void send_idleConnectionsPastTheirTime_areClosedOnEveryOrigin() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na");
        try (RawServer other = new RawServer()) {
            other.answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
            SocketTransport wire = SocketTransport.create(TIMEOUT, null, Duration.ofMillis(50), Duration.ZERO);
            try (Response response = wire.send(get("/a"))) {
                assertThat(text(response)).isEqualTo("a");
            }
            assertThat(wire.idleConnections()).isEqualTo(1);
            Thread.sleep(100);
            try (Response response = wire.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/b")).build())) {
                assertThat(text(response)).isEqualTo("b");
            }

            assertThat(wire.idleConnections()).isEqualTo(1); // the other origin's, just kept; the first origin's expired and closed
            server.awaitClosed(1);
        }
    }

    @Test
    void send_requestTheRegistryDoesNotRead_isCutOffAtTheTimeout() throws IOException {
        try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // connected by the kernel's backlog, never accepted, never read: the client's write fills the buffers and blocks
            byte[] big = new byte[64 * 1024 * 1024];
            long start = System.nanoTime();

            assertThatThrownBy(() -> SocketTransport.create(Duration.ofMillis(300)).send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + deaf.getLocalPort() + "/v2/app/blobs/uploads/x")).PUT(HttpRequest.BodyPublishers.ofByteArray(big)).build()))
                    .isInstanceOf(HttpTimeoutException.class)
                    .hasMessage("the registry did not answer within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void send_tlsServerThatNeverAnswersTheHello_isCutOffAtTheTimeout() {
        server.stall();
        long start = System.nanoTime();

        assertThatThrownBy(() -> SocketTransport.create(Duration.ofMillis(300), CERTIFICATE.trustingContext())
                .send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/v2/")).build()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void send_newConnectionClosedWithoutAnswer_isAnErrorNotARetry() {
        server.closeWithoutAnswer();

        assertThatThrownBy(() -> SocketTransport.create(TIMEOUT).send(get("/a")))
                .isInstanceOf(EOFException.class)
                .hasMessage("the registry closed the connection without answering");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void send_noAnswerWithinTheTimeout_isAnHttpTimeout() {
        server.stall();
        long start = System.nanoTime();

        assertThatThrownBy(() -> SocketTransport.create(Duration.ofMillis(300)).send(get("/a")))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessage("the registry did not answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void send_headersDrippedPastTheTimeout_isAnHttpTimeout() {
        server.drip("HTTP/1.1 200 OK\r\nX-A: 1\r\nX-B: 2\r\nX-C: 3\r\nX-D: 4\r\n\r\n", 100);
        long start = System.nanoTime();

        assertThatThrownBy(() -> SocketTransport.create(Duration.ofMillis(300)).send(get("/a")))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void send_bodyStalledAfterTheHeaders_isCutOffAtTheTimeout() throws IOException {
        server.answerAndStall("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"par");
        long start = System.nanoTime();

        try (Response response = SocketTransport.create(Duration.ofMillis(300)).send(get("/a"))) {
            assertThat(response.status()).isEqualTo(200);
            assertThatThrownBy(() -> response.body().readAllBytes())
                    .isInstanceOf(HttpTimeoutException.class)
                    .hasMessage("the registry's answer did not arrive in full within 300 ms");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void send_bodyShorterThanItsLength_isAnError_andTheConnectionIsNotKept() throws IOException {
        server.answerAndClose("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
        SocketTransport wire = SocketTransport.create(TIMEOUT);

        try (Response response = wire.send(get("/a"))) {
            assertThatThrownBy(() -> response.body().readAllBytes())
                    .isInstanceOf(EOFException.class)
                    .hasMessage("the registry closed the connection 5 bytes before the end of its answer");
        }
        try (Response response = wire.send(get("/b"))) {
            assertThat(text(response)).isEqualTo("b");
        }
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void send_malformedAnswers_areErrorsThatSayWhat() {
        assertRefused("HTCPCP/1.0 418 I'm a teapot\r\n\r\n", "the registry's answer does not start with an HTTP/1.x status line: HTCPCP/1.0 418 I'm a teapot");
        assertRefused("HTTP/1.1 2x0 OK\r\n\r\n", "the registry's status line has no status code: HTTP/1.1 2x0 OK");
        assertRefused("HTTP/1.1 200 OK\r\n Folded: header\r\n\r\n", "the registry sent a malformed header line:  Folded: header");
        assertRefused("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", "the registry sent an invalid Content-Length: 6");
        assertRefused("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "the registry sent an invalid Content-Length: -1");
        assertRefused("HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello", "the registry sent an invalid Content-Length: +5");
        assertRefused("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
                "the registry answered with a transfer encoding other than chunked: [gzip]");
        assertRefused("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                "the registry answered with both Transfer-Encoding and Content-Length, or chunked over HTTP/1.0");
        assertRefused("HTTP/1.1 200 OK\r\nX-Bad: a\rb\r\n\r\n", "the registry's answer headers hold a bare CR or a NUL");
        assertRefused("HTTP/1.1 101 Switching Protocols\r\n\r\n", "the registry switched protocols, which was not asked for");
    }

    @Test
    void send_endlessHeaders_stopAtTheHeadLimit() {
        server.answer("HTTP/1.1 200 OK\r\n" + "X-Padding: " + "a".repeat(SocketTransport.MAX_HEAD_BYTES) + "\r\n\r\n");

        assertThatThrownBy(() -> SocketTransport.create(TIMEOUT).send(get("/a")))
                .isInstanceOf(IOException.class)
                .hasMessage("the registry's answer headers exceed 65536 bytes");
    }

    @Test
    void send_tooManyHeaderLines_areRefused() {
        server.answer("HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(SocketTransport.MAX_HEADERS + 1) + "\r\n");

        assertThatThrownBy(() -> SocketTransport.create(TIMEOUT).send(get("/a")))
                .hasMessage("the registry's answer has more than 256 header lines");
    }

    @Test
    void send_malformedChunk_isAnError() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-0\r\n\r\n");
        SocketTransport wire = SocketTransport.create(TIMEOUT);

        try (Response response = wire.send(get("/a"))) {
            assertThatThrownBy(() -> response.body().readAllBytes()).hasMessage("the registry sent a malformed chunk size: zz");
            // a reader that goes on after the error sees it again, never a clean end
            assertThatThrownBy(() -> response.body().read()).hasMessage("the registry's answer was cut off: its connection is closed");
        }
        try (Response response = wire.send(get("/b"))) {
            assertThatThrownBy(() -> response.body().readAllBytes()).hasMessage("the registry sent a malformed chunk size: -0");
        }
    }

    @Test
    void send_nothingListening_failsFast() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        assertThatThrownBy(() -> SocketTransport.create(TIMEOUT).send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void send_overTls_verifiesTheCertificateAndKeepsTheConnection() throws IOException {
        AtomicInteger answered = new AtomicInteger();
        try (ScriptedServer tls = ScriptedServer.startTls(CERTIFICATE,
                request -> Answer.of(200, Map.of("Content-Type", "text/plain"), "answer " + answered.incrementAndGet()))) {
            SocketTransport wire = SocketTransport.create(TIMEOUT, CERTIFICATE.trustingContext());
            for (String host : List.of("localhost", "127.0.0.1", "localhost")) {
                try (Response response = wire.send(HttpRequest.newBuilder(URI.create("https://" + host + ":" + tls.port() + "/v2/")).build())) {
                    assertThat(text(response)).startsWith("answer ");
                }
            }
            assertThat(tls.requests()).extracting(request -> request.header("Host"))
                    .containsExactly("localhost:" + tls.port(), "127.0.0.1:" + tls.port(), "localhost:" + tls.port());
            assertThat(wire.idleConnections()).isEqualTo(2); // one per origin: the third request reused the first's
        }
    }

    @Test
    void send_overTls_certificateForAnotherName_orUntrusted_isRefused() {
        TestCertificate elsewhere = TestCertificate.generateFor("another registry", "registry.example");
        try (ScriptedServer misnamed = ScriptedServer.startTls(elsewhere, request -> Answer.of(200));
                ScriptedServer tls = ScriptedServer.startTls(CERTIFICATE, request -> Answer.of(200))) {
            // trusted, but issued for registry.example, not for the address connected to
            assertThatThrownBy(() -> SocketTransport.create(TIMEOUT, elsewhere.trustingContext())
                    .send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + misnamed.port() + "/v2/")).build()))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("127.0.0.1");
            assertThatThrownBy(() -> SocketTransport.create(TIMEOUT, elsewhere.trustingContext())
                    .send(HttpRequest.newBuilder(URI.create("https://localhost:" + misnamed.port() + "/v2/")).build()))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("localhost");
            assertThatThrownBy(() -> SocketTransport.create(TIMEOUT, elsewhere.trustingContext())
                    .send(HttpRequest.newBuilder(URI.create("https://localhost:" + tls.port() + "/v2/")).build()))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThatThrownBy(() -> SocketTransport.create(TIMEOUT)
                    .send(HttpRequest.newBuilder(URI.create("https://localhost:" + tls.port() + "/v2/")).build()))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThat(misnamed.requests()).isEmpty();
            assertThat(tls.requests()).isEmpty();
        }
    }

    @Test
    void send_chunkedAnswerFromTheJdkServer_isReadWhole() throws IOException {
        byte[] big = "0123456789".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        try (ScriptedServer plain = ScriptedServer.start(request -> new Answer(200, Map.of("Transfer-Encoding", "chunked"), big))) {
            SocketTransport wire = SocketTransport.create(TIMEOUT);
            for (int i = 0; i < 3; i++) {
                try (Response response = wire.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plain.port() + "/blob")).build())) {
                    assertThat(response.header("Transfer-Encoding")).hasValue("chunked");
                    assertThat(response.body().readAllBytes()).isEqualTo(big);
                }
            }
            assertThat(plain.requests()).hasSize(3);
        }
    }

    private void assertRefused(String answer, String message) {
        server.answer(answer);
        assertThatThrownBy(() -> {
            try (Response response = SocketTransport.create(TIMEOUT).send(get("/a"))) {
                response.body().readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessage(message);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    /** A request as the raw server read it: the head as sent (request line, headers, blank line) and the body. */
    record RawRequest(String head, String body) {
    }

    /**
     * A loopback TCP server that answers each request it reads with the next scripted bytes; one thread per connection.
     * A script step may close the connection after its answer, stall, or drip its bytes.
     */
    private static final class RawServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        private final BlockingQueue<Step> steps = new LinkedBlockingQueue<>();
        private final List<RawRequest> requests = new CopyOnWriteArrayList<>();
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        private record Step(String bytes, boolean close, boolean stall, int dripMillis, String later) {
            Step(String bytes, boolean close, boolean stall, int dripMillis) {
                this(bytes, close, stall, dripMillis, null);
            }
        }

        private final java.util.concurrent.CountDownLatch laterSent = new java.util.concurrent.CountDownLatch(1);

        RawServer() throws IOException {
            Thread acceptor = new Thread(this::accept, "raw-server");
            acceptor.setDaemon(true);
            acceptor.start();
            threads.add(acceptor);
        }

        int port() {
            return socket.getLocalPort();
        }

        void answer(String bytes) {
            steps.add(new Step(bytes, false, false, 0));
        }

        void answerAndClose(String bytes) {
            steps.add(new Step(bytes, true, false, 0));
        }

        /** Answers, then 100 ms later sends {@code later} unasked on the idle connection, and keeps it open. */
        void answerThenLater(String bytes, String later) {
            steps.add(new Step(bytes, false, false, 0, later));
        }

        void awaitLaterSent() throws InterruptedException {
            assertThat(laterSent.await(5, TimeUnit.SECONDS)).isTrue();
        }

        void answerAndStall(String bytes) {
            steps.add(new Step(bytes, false, true, 0));
        }

        void stall() {
            steps.add(new Step("", false, true, 0));
        }

        void closeWithoutAnswer() {
            steps.add(new Step("", true, false, 0));
        }

        void drip(String bytes, int millisPerByte) {
            steps.add(new Step(bytes, false, true, millisPerByte));
        }

        int connections() {
            return connections.get();
        }

        List<RawRequest> requests() {
            return List.copyOf(requests);
        }

        void awaitClosed(int count) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (closed.get() < count && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(closed.get()).isGreaterThanOrEqualTo(count);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    Thread serving = new Thread(() -> serve(connection), "raw-server-connection");
                    serving.setDaemon(true);
                    serving.start();
                    threads.add(serving);
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                while (true) {
                    RawRequest request = read(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    Step step = steps.poll(5, TimeUnit.SECONDS);
                    if (step == null) {
                        return;
                    }
                    byte[] bytes = step.bytes.getBytes(StandardCharsets.ISO_8859_1);
                    if (step.dripMillis > 0) {
                        for (byte b : bytes) {
                            out.write(b);
                            out.flush();
                            Thread.sleep(step.dripMillis);
                        }
                    } else {
                        out.write(bytes);
                        out.flush();
                    }
                    if (step.later != null) {
                        Thread.sleep(100);
                        out.write(step.later.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        laterSent.countDown();
                    }
                    if (step.stall) {
                        Thread.sleep(30_000);
                    }
                    if (step.close) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the test is over
            } finally {
                closed.incrementAndGet();
            }
        }

        private static RawRequest read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c == -1) {
                    return null;
                }
                head.write(c);
                matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return new RawRequest(text, new String(in.readNBytes(length), StandardCharsets.ISO_8859_1));
        }

        @Override
        public void close() throws IOException {
            socket.close();
            threads.forEach(Thread::interrupt);
        }
    }
}

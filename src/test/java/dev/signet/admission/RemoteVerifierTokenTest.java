package dev.signet.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.signet.events.AdmissionRequested;
import dev.signet.events.SinkToken;
import dev.signet.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter presents its projected ServiceAccount token to the verifier Service, whose sender check requires one in
 * production (issue 16, item 10); without the file it sends none, as before.
 */
class RemoteVerifierTokenTest {
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer verifier;

    @BeforeEach
    void start() throws IOException {
        verifier = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        verifier.createContext("/", exchange -> {
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(header == null ? "<none>" : header);
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        verifier.start();
    }

    @AfterEach
    void stop() {
        verifier.stop(0);
    }

    private void ask(SinkToken token) throws IOException {
        URI url = URI.create("http://127.0.0.1:" + verifier.getAddress().getPort() + "/");
        RemoteVerifier remote = new RemoteVerifier(HttpClient.newHttpClient(), url, "/signet/admission", token);
        AdmissionRequested request = AdmissionRequested.parse(Json.mapper().readTree("""
                {"uid":"u-1","operation":"CREATE","namespace":"team","kind":{"group":"","version":"v1","kind":"Pod"},
                 "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}
                """), "test");
        // the verifier's 401 is no verdict: the adapter answers by its failure policy
        assertThatThrownBy(() -> remote.verify(request, "corr", Duration.ofSeconds(5))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void tokenFile_isSentAsBearer(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.adapter.sig\n");
        ask(SinkToken.file(file));
        assertThat(authorizations).containsExactly("Bearer eyJhbGciOiJSUzI1NiJ9.adapter.sig");
    }

    @Test
    void noTokenFile_sendsNoHeader(@TempDir Path dir) throws IOException {
        ask(SinkToken.file(dir.resolve("absent")));
        assertThat(authorizations).containsExactly("<none>");
    }
}

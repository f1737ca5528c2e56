package dev.signet.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class RetryTransportTest {
    private final List<Duration> waits = new ArrayList<>();
    private final Deque<Object> script = new ArrayDeque<>();
    private int sent;

    /** Answers from the script: an Integer status, a "status:Retry-After" string, or an IOException to throw. */
    private final Transport scripted = request -> {
        sent++;
        Object next = script.isEmpty() ? 200 : script.pop();
        if (next instanceof IOException e) {
            throw e;
        }
        if (next instanceof String s) {
            String[] parts = s.split(":");
            return Responses.answer(request, Integer.parseInt(parts[0]), Map.of("Retry-After", parts[1]), "");
        }
        return Responses.answer(request, (Integer) next);
    };

    private final RetryTransport retry = new RetryTransport(scripted, RetryPolicy.DEFAULT, waits::add);
    private final HttpRequest request = Responses.get("https://registry.example/v2/");

    @Test
    void send_retryableStatusesThenSuccess_backsOffExponentially() throws IOException {
        script.addAll(List.of(503, 502, 504));

        assertThat(retry.send(request).status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void send_retryAfterSeconds_replacesBackoffAndIsCapped() throws IOException {
        script.addAll(List.of("429:2", "503:86400"));

        assertThat(retry.send(request).status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void send_retryAfterHttpDate_fallsBackToBackoff() throws IOException {
        script.add("503:Wed, 21 Oct 2015 07:28:00 GMT");

        assertThat(retry.send(request).status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofMillis(200));
    }

    @Test
    void send_retriesExhausted_returnsLastAnswer() throws IOException {
        script.addAll(List.of(503, 503, 503, 503, 503));

        assertThat(retry.send(request).status()).isEqualTo(503);
        assertThat(sent).isEqualTo(4);
        assertThat(script).hasSize(1);
    }

    @Test
    void send_clientErrors_areNotRetried() throws IOException {
        for (int status : List.of(400, 401, 403, 404, 501)) {
            script.add(status);
            assertThat(retry.send(request).status()).isEqualTo(status);
        }
        assertThat(waits).isEmpty();
    }

    @Test
    void send_internalErrorOfARacingRead_isRetried() throws IOException {
        script.addAll(List.of(500, 200));

        assertThat(retry.send(request).status()).isEqualTo(200);
        assertThat(sent).isEqualTo(2);
    }

    @Test
    void send_connectionRefused_isRetriedThenRethrown() {
        for (int i = 0; i < 4; i++) {
            script.add(new ConnectException("Connection refused"));
        }

        assertThatThrownBy(() -> retry.send(request)).isInstanceOf(ConnectException.class);
        assertThat(sent).isEqualTo(4);
    }

    @Test
    void send_tlsFailure_isNotRetried() {
        script.add(new SSLHandshakeException("PKIX path building failed"));

        assertThatThrownBy(() -> retry.send(request)).isInstanceOf(SSLHandshakeException.class);
        assertThat(sent).isEqualTo(1);
    }

    @Test
    void send_noRetriesPolicy_triesOnce() throws IOException {
        script.add(503);

        assertThat(new RetryTransport(scripted, RetryPolicy.NONE, waits::add).send(request).status()).isEqualTo(503);
        assertThat(sent).isEqualTo(1);
    }
}

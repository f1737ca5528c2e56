package dev.signet.kms;

import java.io.IOException;
import dev.signet.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Reason;
import dev.signet.SignetException;
import dev.signet.keys.KeyException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * The wire of every KMS provider: the JDK {@link HttpClient} without redirects (a token or signature is never
 * forwarded to another host), one timeout per request that bounds connecting and the response headers, and a bounded
 * body read ({@value #MAX_BODY} bytes: a public key answer is a few KiB), like the registry's transport.
 */
public final class KmsHttp {
    static final int MAX_BODY = 64 * 1024;
    private final HttpClient client;
    private final Duration timeout;

    private KmsHttp(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * @param sslContext what TLS trusts (a private CA, a test certificate); null for the JDK's default authorities
     */
    public static KmsHttp create(Duration timeout, SSLContext sslContext) {
        Objects.requireNonNull(timeout, "timeout");
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        return new KmsHttp(builder.build(), timeout);
    }

    /** An answer: its status and at most {@value #MAX_BODY} bytes of body. */
    record Answer(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body for a message: short, one line, quoted (never a token: answers carry none). */
        String excerpt() {
            return SignetException.quote(text().strip());
        }

        /**
         * The body as JSON, whatever the status (KMS errors are JSON too).
         *
         * @param who the service, for the message ({@code AWS KMS answered 502 with no JSON: ...})
         * @throws KeyException KEY_NOT_FOUND when the body is not JSON
         */
        JsonNode json(String who, String subject) {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new KeyException(Reason.KEY_NOT_FOUND, AwsKms.ACTION, subject, who + " answered " + status + " with no JSON: " + excerpt());
            }
        }
    }

    /**
     * Sends the request and reads its answer.
     *
     * @param action and {@code subject} name the failure: {@code fetch KMS public key awskms:///...}
     * @throws KeyException KEY_NOT_FOUND when the KMS cannot be reached, times out or answers too much
     */
    Answer send(HttpRequest.Builder request, String action, String subject) {
        HttpRequest sent = request.timeout(timeout).build();
        String host = sent.uri().getHost();
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(sent, info -> bounded());
        try {
            // the request timeout bounds the headers; this bounds the body too, so a dripping answer is cut off
            HttpResponse<byte[]> response = pending.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            if (response.body() == null) {
                throw new KeyException(Reason.KEY_NOT_FOUND, action, subject, host + " answered more than " + MAX_BODY + " bytes");
            }
            return new Answer(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new KeyException(Reason.KEY_NOT_FOUND, action, subject, host + " did not answer within " + timeout.multipliedBy(2).toSeconds() + " s",
                    null, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new KeyException(Reason.KEY_NOT_FOUND, action, subject, "cannot reach " + host + ": "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), null, cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new KeyException(Reason.KEY_NOT_FOUND, action, subject, "interrupted while waiting for " + host);
        }
    }

    /** A body of at most {@value #MAX_BODY} bytes, or null (and the rest of it refused) past that; it never blocks a thread. */
    private static HttpResponse.BodySubscriber<byte[]> bounded() {
        return new Bounded();
    }

    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > MAX_BODY) {
                    subscription.cancel();
                    body.complete(null);
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}

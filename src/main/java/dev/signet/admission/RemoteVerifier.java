package dev.signet.admission;

import dev.signet.SignetException;
import dev.signet.events.AdmissionRequested;
import dev.signet.events.EventTypes;
import dev.signet.events.SinkToken;
import dev.signet.events.VerdictEvents;
import dev.signet.events.outbound.AdmissionVerdictData;
import dev.signet.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Sends {@code admission.requested} as a binary-mode CloudEvent to the verifier Knative Service
 * ({@code signet.admission.verifier-url}) and reads the verdict from the reply event's data (Funqy answers in
 * binary mode, {@code ce-type} {@code admission.allowed} or {@code denied}).
 */
public final class RemoteVerifier implements VerifierClient {
    private final HttpClient http;
    private final URI verifier;
    private final String source;
    private final SinkToken token;

    public RemoteVerifier(HttpClient http, URI verifier, String source) {
        this(http, verifier, source, SinkToken.none());
    }

    /**
     * @param token the adapter's own ServiceAccount token for the verifier's audience (a projected volume), sent as
     *     {@code Authorization: Bearer} so the verifier's sender check (http.SenderCheck) knows who asks
     */
    public RemoteVerifier(HttpClient http, URI verifier, String source, SinkToken token) {
        this.http = http;
        this.verifier = verifier;
        this.source = source;
        this.token = token;
    }

    @Override
    public AdmissionVerdictData verify(AdmissionRequested request, String correlationId, Duration deadline) {
        HttpRequest.Builder post = HttpRequest.newBuilder(verifier)
                .timeout(deadline)
                .header("Content-Type", "application/json")
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", EventTypes.ADMISSION_REQUESTED)
                .header("ce-source", source)
                .header("ce-subject", request.subject())
                .header("ce-time", OffsetDateTime.now().toString())
                .header("ce-" + EventTypes.CORRELATION_ID, correlationId)
                .header("ce-" + VerdictEvents.ADMISSION_UID, request.uid())
                .header("ce-" + VerdictEvents.DRY_RUN, Boolean.toString(request.dryRun()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(request)));
        token.authorization().ifPresent(bearer -> post.header("Authorization", bearer));
        HttpResponse<byte[]> response;
        try {
            response = http.send(post.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new VerifierUnavailableException(request.uid(), "the verifier did not answer within " + deadline.toMillis() + " ms");
        } catch (IOException e) {
            throw new VerifierUnavailableException(request.uid(), "the verifier at " + verifier.getHost() + " could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerifierUnavailableException(request.uid(), "interrupted");
        }
        String type = response.headers().firstValue("ce-type").orElse("");
        if (response.statusCode() != 200 || !(type.equals(EventTypes.ADMISSION_ALLOWED) || type.equals(EventTypes.ADMISSION_DENIED))) {
            throw new VerifierUnavailableException(request.uid(), "the verifier answered HTTP " + response.statusCode() + " with event type "
                    + SignetException.quote(type));
        }
        AdmissionVerdictData verdict;
        try {
            verdict = Json.mapper().readValue(response.body(), AdmissionVerdictData.class);
        } catch (IOException e) {
            throw new VerifierUnavailableException(request.uid(), "the verifier's verdict is not readable");
        }
        boolean allowed = type.equals(EventTypes.ADMISSION_ALLOWED);
        if (verdict.allowed() != allowed) {
            throw new VerifierUnavailableException(request.uid(), "the verdict's type and data disagree");
        }
        return verdict;
    }

}

package dev.signet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends one AdmissionReview v1 per pod, as the API server does (and as {@code demo/run} builds them), to
 * {@code /admission/validate} or, one time in four, {@code /admission/mutate}, and judges the answer: the uid is
 * echoed, {@code allowed} is what the pod's images call for (unless the pod is not judged: see {@link SoakImages}),
 * and a mutate answer for an allowed pod pins every
 * tag-only image to the digest pushed under that tag. A request that fails (HTTP error, no answer within the API
 * server's 10 s webhook timeout, a body that is not an AdmissionReview) is counted apart from a wrong verdict.
 */
final class AdmissionProbe {
    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_PROBLEMS = 20;

    private final URI app;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WEBHOOK_TIMEOUT).build();
    private final LatencySamples latency = new LatencySamples();
    private final LongAdder sent = new LongAdder();
    private final LongAdder expectedAllowed = new LongAdder();
    private final LongAdder expectedDenied = new LongAdder();
    private final LongAdder early = new LongAdder();
    private final LongAdder earlyAllowed = new LongAdder();
    private final LongAdder earlyDenied = new LongAdder();
    private final LongAdder wrong = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder deniedForOtherReason = new LongAdder();
    private final Map<String, Integer> problems = new LinkedHashMap<>();

    AdmissionProbe(URI app, ObjectMapper json) {
        this.app = app;
        this.json = json;
    }

    URI app() {
        return app;
    }

    void send(SoakImages.Pod pod) {
        String uid = UUID.randomUUID().toString();
        boolean mutate = ThreadLocalRandom.current().nextInt(4) == 0;
        HttpRequest request = HttpRequest.newBuilder(app.resolve(mutate ? "/admission/mutate" : "/admission/validate"))
                .timeout(WEBHOOK_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(review(uid, pod)))
                .build();
        (!pod.judged() ? early : pod.expectAllowed() ? expectedAllowed : expectedDenied).increment();
        sent.increment();
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            failed(pod, "no answer: " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        latency.add(System.nanoTime() - start);
        if (response.statusCode() != 200) {
            failed(pod, "HTTP " + response.statusCode() + ": " + response.body());
            return;
        }
        judge(pod, uid, mutate, response.body());
    }

    private void judge(SoakImages.Pod pod, String uid, boolean mutate, String body) {
        JsonNode answer;
        try {
            answer = json.readTree(body).path("response");
        } catch (IOException e) {
            failed(pod, "not JSON: " + body);
            return;
        }
        if (!uid.equals(answer.path("uid").asText()) || !answer.path("allowed").isBoolean()) {
            failed(pod, "not an answer to this review: " + body);
            return;
        }
        boolean allowed = answer.path("allowed").asBoolean();
        String message = answer.path("status").path("message").asText("");
        if (!pod.judged()) {
            (allowed ? earlyAllowed : earlyDenied).increment();
            return;
        }
        if (allowed != pod.expectAllowed()) {
            wrong(pod, (allowed ? "allowed" : "denied (" + message + ")") + ", expected " + (pod.expectAllowed() ? "allowed" : "denied"));
            return;
        }
        if (!allowed && !message.contains("signatures found")) {
            deniedForOtherReason.increment();
            problem("denied, but not for a missing signature: " + message);
        }
        if (mutate && allowed) {
            String patch = new String(Base64.getDecoder().decode(answer.path("patch").asText("")), StandardCharsets.UTF_8);
            for (SoakImages.Container container : pod.containers()) {
                String pinned = container.written() + "@" + container.image().manifest().digest();
                if (container.tagOnly() && !patch.contains("\"value\":\"" + pinned + "\"")) {
                    wrong(pod, "mutate did not pin " + container.written() + " to " + container.image().manifest().digest() + ": " + patch);
                    return;
                }
            }
        }
    }

    private String review(String uid, SoakImages.Pod pod) {
        StringBuilder containers = new StringBuilder();
        for (int i = 0; i < pod.containers().size(); i++) {
            containers.append(i == 0 ? "" : ",").append("{\"name\":\"c").append(i).append("\",\"image\":\"").append(pod.containers().get(i).written()).append("\"}");
        }
        return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"" + uid + "\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"},"
                + "\"namespace\":\"shop\",\"name\":\"web\",\"operation\":\"CREATE\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
                + "\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},\"spec\":{\"containers\":[" + containers + "]}},\"dryRun\":false}}";
    }

    private void wrong(SoakImages.Pod pod, String what) {
        wrong.increment();
        problem("WRONG " + images(pod) + ": " + what);
    }

    private void failed(SoakImages.Pod pod, String what) {
        failed.increment();
        problem("FAILED " + images(pod) + ": " + what);
    }

    private static String images(SoakImages.Pod pod) {
        return pod.containers().stream().map(SoakImages.Container::written).toList().toString();
    }

    /** Remembers the first {@link #MAX_PROBLEMS} distinct problems and how often each occurred. */
    private synchronized void problem(String what) {
        if (problems.containsKey(what) || problems.size() < MAX_PROBLEMS) {
            problems.merge(what, 1, Integer::sum);
        }
    }

    synchronized List<String> problems() {
        List<String> lines = new ArrayList<>();
        problems.forEach((what, times) -> lines.add(times + "x " + what));
        return lines;
    }

    LatencySamples latency() {
        return latency;
    }

    long sent() {
        return sent.sum();
    }

    long expectedAllowed() {
        return expectedAllowed.sum();
    }

    long expectedDenied() {
        return expectedDenied.sum();
    }

    /** Pods sent with a signed/ image whose signature was not seen yet (or within the grace after): not judged. */
    long early() {
        return early.sum();
    }

    String earlyAnswers() {
        return earlyAllowed.sum() + " allowed, " + earlyDenied.sum() + " denied";
    }

    long wrong() {
        return wrong.sum();
    }

    long failed() {
        return failed.sum();
    }

    long deniedForOtherReason() {
        return deniedForOtherReason.sum();
    }
}

package dev.signet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.events.EventTypes;
import dev.signet.testing.SignetAppResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The app over HTTP, as registries and brokers reach it: fuzzed webhook bodies posted to {@code /ingest/*} and fuzzed
 * binary-mode CloudEvents posted to {@code /}. Whatever arrives, the answer is never a 5xx: the ingest sink is
 * in-process here, and the signing rules name only the test registry, which no seed points at. Refusals carry
 * messages of the project's shape.
 */
@QuarkusTest
@TestProfile(HttpFuzzIT.Profile.class)
@QuarkusTestResource(value = SignetAppResource.class, restrictToAnnotatedClass = false)
class HttpFuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REGISTRIES = List.of("distribution", "harbor", "quay", "github", "dockerhub");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST_TIMEOUT).build();

    /** The app as the embedded default runs it, with tags resolved without a registry and quieter logs. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // every refused request would log a line (Funqy an ERROR per unknown ce-type); the fuzz report names the
            // ones that matter, and Quarkus still logs any 5xx with its stack trace
            return Map.of("quarkus.log.category.\"dev.signet\".level", "WARN", "quarkus.log.category.\"io.quarkus.funqy\".level", "OFF");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FuzzTagResolverBean.class);
        }
    }

    /** One request: where, which headers, what body. */
    record Request(String path, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            return "POST " + path + " headers " + Describe.of(headers) + ", body " + Describe.bytes(body);
        }
    }

    /** What came back. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
    }

    @Test
    void ingest_fuzzedWebhooks_neverAnswer5xx() {
        List<Request> seeds = new ArrayList<>();
        Map<String, Mutator<WebhookFuzzTest.Delivery>> mutators = new LinkedHashMap<>();
        for (String registry : REGISTRIES) {
            mutators.put(registry, WebhookFuzzTest.deliveryMutator(registry));
            WebhookFuzzTest.deliveries(registry).forEach(delivery -> seeds.add(new Request("/ingest/" + registry, delivery.headers(), delivery.body())));
        }
        Mutator<Request> mutator = (seed, random, pool) -> {
            String registry = seed.path().substring("/ingest/".length());
            List<WebhookFuzzTest.Delivery> deliveries = pool.stream().filter(request -> request.path().equals(seed.path()))
                    .map(request -> new WebhookFuzzTest.Delivery(request.headers(), request.body())).toList();
            WebhookFuzzTest.Delivery mutated = mutators.get(registry)
                    .mutate(new WebhookFuzzTest.Delivery(seed.headers(), seed.body()), random, deliveries);
            // now and then another registry's body, as a misconfigured webhook would send
            String path = random.nextInt(20) == 0 ? "/ingest/" + Mutators.pick(REGISTRIES, random) : seed.path();
            return new Request(path, mutated.headers(), mutated.body());
        };
        Fuzzer.run(FuzzTarget.<Request>named("http.ingest")
                .seeds(seeds)
                .mutator(mutator)
                .parse(this::send)
                .check((request, result) -> checkIngest((Answer) result))
                .cases(5_000)
                .timeout(Duration.ofSeconds(30))
                .build(), getClass());
    }

    @Test
    void cloudEvents_fuzzedBinaryModeEvents_neverAnswer5xx() {
        Map<String, List<byte[]>> data = Map.of(
                EventTypes.IMAGE_PUSHED, EventSeeds.pushed(),
                EventTypes.HARBOR_ARTIFACT_PUSHED, EventSeeds.harbor(),
                EventTypes.CDEVENTS_ARTIFACT_PUBLISHED_020, EventSeeds.cdEvents(),
                EventTypes.CDEVENTS_ARTIFACT_PUBLISHED_030, EventSeeds.cdEvents());
        List<Request> seeds = new ArrayList<>();
        data.forEach((type, bodies) -> bodies.forEach(body -> seeds.add(new Request("/", cloudEventHeaders(type, "0b5e1d3c-4f1a-4e8e-9d3c-2a1b0c9d8e7f"), body))));
        Mutator<byte[]> json = Mutators.json();
        Mutator<String> text = Mutators.text();
        Mutator<Request> mutator = (seed, random, pool) -> {
            Map<String, String> headers = new LinkedHashMap<>(seed.headers());
            switch (random.nextInt(20)) {
                case 0 -> headers.put("ce-type", text.mutate(headers.get("ce-type"), random, List.of(headers.get("ce-type"))));
                case 1 -> headers.put("ce-id", text.mutate(headers.get("ce-id"), random, List.of(headers.get("ce-id"))));
                case 2 -> headers.put("Content-Type", Mutators.pick(List.of("text/plain", "application/cloudevents+json", "application/octet-stream",
                        "application/json; charset=utf-16", ""), random));
                case 3 -> headers.remove(Mutators.pick(List.of("ce-id", "ce-source", "ce-specversion", "ce-type"), random));
                case 4 -> headers.put("ce-specversion", Mutators.pick(List.of("0.3", "2.0", ""), random));
                case 5 -> headers.put("ce-time", Mutators.pick(List.of("2026-11-27T01:02:03Z", "yesterday", "2026-13-45T99:99:99Z", ""), random));
                default -> {
                    List<byte[]> bodies = pool.stream().filter(request -> request.headers().get("ce-type").equals(seed.headers().get("ce-type")))
                            .map(Request::body).toList();
                    return new Request("/", headers, json.mutate(seed.body(), random, bodies));
                }
            }
            return new Request("/", headers, seed.body());
        };
        Fuzzer.run(FuzzTarget.<Request>named("http.cloudevents")
                .seeds(seeds)
                .mutator(mutator)
                .parse(this::send)
                .check((request, result) -> checkCloudEvent((Answer) result))
                .cases(5_000)
                .timeout(Duration.ofSeconds(30))
                .build(), getClass());
    }

    private Answer send(Request request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base.toString()).resolve(request.path()))
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, value) -> {
            // a header can carry only visible ASCII and spaces: anything else never reaches the app over HTTP/1.1
            String sendable = value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7f) ? value : value.replaceAll("[^\\t\\x20-\\x7e]", "?");
            if (!name.isEmpty()) {
                builder.header(name, sendable.strip());
            }
        });
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (e instanceof HttpTimeoutException) {
                throw e;
            }
            // the client may reuse a keep-alive connection the server has just closed; a server fault repeats
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }
        return new Answer(response.statusCode(), response.headers().map(), response.body());
    }

    private static Map<String, String> cloudEventHeaders(String type, String id) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", id);
        headers.put("ce-type", type);
        headers.put("ce-source", "/fuzz");
        return headers;
    }

    /** A 5xx is a finding; its message starts with the status and the failure classes the answer names, as its kind. */
    private static void refuse5xx(Answer answer) {
        if (answer.status() >= 500) {
            Matcher failure = Pattern.compile("(?:[a-z0-9]+\\.)+([A-Z]\\w*(?:Exception|Error))").matcher(answer.body());
            LinkedHashSet<String> classes = new LinkedHashSet<>();
            while (failure.find() && classes.size() < 4) {
                classes.add(failure.group(1));
            }
            throw new AssertionError("answered " + answer.status() + " " + String.join(" < ", classes) + ": " + Describe.text(answer.body()));
        }
    }

    private static void checkIngest(Answer answer) throws IOException {
        refuse5xx(answer);
        if (answer.status() < 400) {
            assertThat(answer.status()).isEqualTo(202);
            return;
        }
        // Signet's refusals carry {"error": message}; Quarkus answers some itself (a Content-Type it cannot parse: 415,
        // a form it cannot decode: 400) before the endpoint runs, and those have no message of ours to check
        JsonNode error = answer.body().isEmpty() ? null : JSON.readTree(answer.body()).get("error");
        if (error != null) {
            assertThat(MessageShape.problem(error.asText(null))).as("message of %d %s", answer.status(), Describe.text(answer.body())).isNull();
        }
    }

    private static void checkCloudEvent(Answer answer) throws IOException {
        refuse5xx(answer);
        List<String> type = answer.headers().getOrDefault("ce-type", List.of());
        if (type.contains(EventTypes.IMAGE_SIGNING_FAILED)) {
            JsonNode message = JSON.readTree(answer.body()).path("message");
            assertThat(MessageShape.problem(message.asText(null))).as("message %s", message).isNull();
        }
    }
}

package dev.signet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signet.events.ImagePushedData;
import dev.signet.events.ingest.DistributionParser;
import dev.signet.events.ingest.DockerHubParser;
import dev.signet.events.ingest.GitHubParser;
import dev.signet.events.ingest.HarborParser;
import dev.signet.events.ingest.InvalidNotificationException;
import dev.signet.events.ingest.NotificationParser;
import dev.signet.events.ingest.QuayParser;
import dev.signet.events.ingest.TagResolver;
import dev.signet.events.ingest.WebhookDelivery;
import dev.signet.reference.Digest;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The registry webhooks of the ingest endpoints, parser by parser, with the recorded bodies of
 * {@code src/test/resources/events/ingest} as seeds. Every push a parser reports must hold values that parse again:
 * the parsers promise {@code image.pushed} data that cannot be invalid.
 */
class WebhookFuzzTest {
    /** As Quarkus configures the app's mapper: unknown members are ignored. */
    static final ObjectMapper MAPPER = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    /** Resolves every tag, without a registry: the digest is the hash of the reference. */
    static final TagResolver RESOLVER = new FuzzTagResolverBean();

    @TestFactory
    Stream<DynamicTest> fuzz() {
        return Fuzzer.tests(
                target("distribution", new DistributionParser(MAPPER)),
                target("harbor", new HarborParser(MAPPER)),
                target("quay", new QuayParser(MAPPER, RESOLVER)),
                target("github", new GitHubParser(MAPPER)),
                target("dockerhub", new DockerHubParser(MAPPER, RESOLVER)));
    }

    /** A webhook request: headers and body. */
    record Delivery(Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            return "headers " + Describe.of(headers) + ", body " + Describe.bytes(body);
        }
    }

    static FuzzTarget<Delivery> target(String registry, NotificationParser parser) {
        return FuzzTarget.<Delivery>named("ingest." + registry)
                .seeds(deliveries(registry))
                .mutator(deliveryMutator(registry))
                .parse(delivery -> parser.parse(new WebhookDelivery(delivery.body(), delivery.headers())))
                .rejects(InvalidNotificationException.class)
                .check((delivery, result) -> {
                    for (Object push : (List<?>) result) {
                        assertValid((ImagePushedData) push);
                    }
                })
                .build();
    }

    /** The recorded bodies of one registry, with the headers it sends. */
    static List<Delivery> deliveries(String registry) {
        List<Delivery> seeds = new ArrayList<>();
        for (byte[] body : Seeds.resources("events/ingest/" + registry, ".json")) {
            seeds.add(new Delivery(headers(registry, "package"), body));
        }
        for (byte[] body : Seeds.resources("events/ingest/negative", ".json")) {
            seeds.add(new Delivery(headers(registry, "package"), body));
        }
        return seeds;
    }

    private static Map<String, String> headers(String registry, String githubEvent) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", registry.equals("distribution") ? "application/vnd.docker.distribution.events.v2+json" : "application/json");
        if (registry.equals("github")) {
            headers.put("X-GitHub-Event", githubEvent);
            headers.put("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        }
        return headers;
    }

    /** Mostly the body's JSON; now and then the headers, or GitHub's form encoding of the body. */
    static Mutator<Delivery> deliveryMutator(String registry) {
        Mutator<byte[]> json = Mutators.json();
        Mutator<String> text = Mutators.text();
        return (seed, random, pool) -> {
            List<byte[]> bodies = pool.stream().map(Delivery::body).toList();
            int choice = random.nextInt(10);
            if (choice == 0) {
                Map<String, String> headers = new LinkedHashMap<>(seed.headers());
                String name = Mutators.pick(List.copyOf(headers.keySet()), random);
                headers.put(name, random.nextBoolean() ? text.mutate(headers.get(name), random, List.of(headers.get(name)))
                        : Mutators.pick(List.of("package", "registry_package", "ping", "", "application/x-www-form-urlencoded", "text/plain"), random));
                return new Delivery(headers, seed.body());
            }
            if (choice == 1 && registry.equals("github")) {
                Map<String, String> headers = new LinkedHashMap<>(seed.headers());
                headers.put("Content-Type", "application/x-www-form-urlencoded");
                String form = "payload=" + URLEncoder.encode(new String(json.mutate(seed.body(), random, bodies), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                return new Delivery(headers, random.nextBoolean() ? form.getBytes(StandardCharsets.UTF_8)
                        : Mutators.bytes().mutate(form.getBytes(StandardCharsets.UTF_8), random, List.of()));
            }
            return new Delivery(seed.headers(), json.mutate(seed.body(), random, bodies));
        };
    }

    /** An accepted push holds values that parse again, as the signer will read them. */
    static void assertValid(ImagePushedData push) {
        Repository repository = Repository.of(Registry.parse(push.registry()), push.repository());
        assertThat(repository.registry().name()).isEqualTo(push.registry());
        assertThat(Digest.parse(push.digest()).toString()).isEqualTo(push.digest());
        if (push.tag() != null) {
            Tag.parse(push.tag());
        }
        assertThat(push.upstream()).isNotNull();
        assertThat(push.upstream().id()).isNotBlank();
    }
}

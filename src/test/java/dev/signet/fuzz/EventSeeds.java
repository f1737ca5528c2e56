package dev.signet.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Seed data of the CloudEvents the signer consumes: {@code image.pushed} data as the ingest writes it, Harbor's
 * CloudEvents data (from the recorded Harbor bodies) and CDEvents {@code artifact.published} with OCI purls.
 */
public final class EventSeeds {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIGEST = "sha256:954b378c375d852eb3c63ab88978f640b4348b01c1b3456a024a81536dafbbf4";

    private EventSeeds() {
    }

    /** {@code dev.signet.image.pushed.v1} data. */
    public static List<byte[]> pushed() {
        return utf8(
                "{\"registry\":\"registry.example.com:5000\",\"repository\":\"team/app\",\"tag\":\"v1\",\"digest\":\"" + DIGEST
                        + "\",\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"pushedAt\":\"2026-11-27T01:02:03Z\","
                        + "\"actor\":\"ci\",\"upstream\":{\"kind\":\"distribution\",\"id\":\"8b7c0f4e\"}}",
                "{\"registry\":\"harbor-core\",\"repository\":\"library/nginx\",\"digest\":\"" + DIGEST + "\",\"upstream\":{\"kind\":\"harbor\",\"id\":\"h\"}}",
                "{\"registry\":\"docker.io\",\"repository\":\"nginx\",\"tag\":\"latest\",\"digest\":\"" + DIGEST + "\"}",
                "{\"registry\":\"[::1]:5000\",\"repository\":\"a/b/c\",\"digest\":\"sha512:" + "ab".repeat(64) + "\"}");
    }

    /** {@code harbor.artifact.pushed} data: Harbor's {@code event_data}. */
    public static List<byte[]> harbor() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(readTree(Seeds.resource("events/ingest/harbor/cloudevents-format.json")).path("data").toString().getBytes(StandardCharsets.UTF_8));
        for (byte[] webhook : Seeds.resources("events/ingest/harbor", ".json")) {
            JsonNode eventData = readTree(webhook).path("event_data");
            if (eventData.isObject()) {
                seeds.add(eventData.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return seeds;
    }

    /** CDEvents {@code artifact.published} 0.2.0/0.3.0, whose {@code subject.id} is an OCI purl. */
    public static List<byte[]> cdEvents() {
        String context = "{\"context\":{\"version\":\"0.3.0\",\"id\":\"c1\",\"source\":\"/tekton\",\"type\":\"dev.cdevents.artifact.published.0.3.0\"},";
        return utf8(
                context + "\"subject\":{\"id\":\"pkg:oci/app@" + DIGEST.replace(":", "%3A")
                        + "?repository_url=registry.example.com:5000/team/app&tag=v1\",\"source\":\"/tekton\",\"type\":\"artifact\",\"content\":{}}}",
                context + "\"subject\":{\"id\":\"pkg:oci/app@" + DIGEST + "?repository_url=ghcr.io%2Forg%2Fapp\",\"content\":{\"sbom\":{\"uri\":\"x\"}}}}",
                "{\"subject\":{\"id\":\"pkg:oci/nginx@" + DIGEST.replace(":", "%3a") + "?arch=amd64&repository_url=docker.io/library/nginx&tag=1.25\"}}");
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<byte[]> utf8(String... texts) {
        return Stream.of(texts).map(text -> text.getBytes(StandardCharsets.UTF_8)).toList();
    }
}

package dev.signet.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.oci.MediaTypes;
import dev.signet.reference.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Posts every recorded body to every endpoint, the wrong ones included: whatever arrives, the answer is 202 or a
 * 4xx with a reason, never a 5xx (events.md: "a body it cannot parse gets 400 with the reason, never 500").
 */
class EveryFixtureTest {
    private static final Path ROOT = root();

    private static Path root() {
        try {
            return Path.of(EveryFixtureTest.class.getResource("/events/ingest").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> fixturesTimesEndpoints() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList().stream()
                    .flatMap(file -> Stream.of(UpstreamKind.values())
                            .map(kind -> Arguments.of(ROOT.relativize(file).toString().replace('\\', '/'), kind)));
        }
    }

    @ParameterizedTest(name = "{0} -> /ingest/{1}")
    @MethodSource("fixturesTimesEndpoints")
    void receive_anyFixtureAtAnyEndpoint_neverAnswers5xx(String fixture, UpstreamKind kind) {
        // every tag resolves, so Quay and Docker Hub bodies get as far as they can
        TagResolver resolver = tagged -> Optional.of(new TagResolver.ResolvedTag(Digest.parse("sha256:" + "c".repeat(64)),
                MediaTypes.OCI_MANIFEST));
        WebhookReceiver receiver = new WebhookReceiver(new RecordingPushSink(), resolver, IngestOptions.defaults(), Clock.systemUTC(),
                WebhookFixtures.MAPPER);

        IngestReply reply = receiver.receive(kind, Map.of(), new ByteArrayInputStream(WebhookFixtures.bytes(fixture)));

        assertThat(reply.status()).isIn(202, 400);
        if (reply.status() == 400) {
            assertThat(((IngestReply.Rejected) reply.body()).error()).matches("[a-z].*[^.]").doesNotContain("\n");
        }
    }

    @Test
    void fixtures_readmeRecordsProvenance() {
        try {
            String readme = Files.readString(ROOT.resolve("README.md"));
            assertThat(readme).contains("distribution", "goharbor", "quay", "octokit/webhooks", "docs.docker.com");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

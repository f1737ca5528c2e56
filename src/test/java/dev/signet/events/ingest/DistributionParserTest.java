package dev.signet.events.ingest;

import static dev.signet.events.ingest.WebhookFixtures.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.events.ImagePushedData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DistributionParserTest {
    private static final String FEA = "sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf";
    private final DistributionParser parser = new DistributionParser(WebhookFixtures.MAPPER);

    @Test
    void parse_documentedEnvelope_keepsTheManifestPushAndSkipsBlobPushes() {
        List<ImagePushedData> pushes = parser.parse(delivery("distribution/push-envelope.json"));

        assertThat(pushes).containsExactly(new ImagePushedData("registrycluster.local", "library/test", null, FEA,
                "application/vnd.docker.distribution.manifest.v2+json", "2006-01-02T15:04:05Z", "test-actor",
                new ImagePushedData.Upstream("distribution", "asdf-asdf-asdf-asdf-0")));
    }

    @Test
    void parse_pushUnderTwoTags_yieldsOnePushPerEventForTheDeduplicator() {
        List<ImagePushedData> pushes = parser.parse(delivery("distribution/push-tags.json"));

        assertThat(pushes).extracting(ImagePushedData::subject)
                .containsExactly("registry.example.com:5000/team/app@" + FEA, "registry.example.com:5000/team/app@" + FEA);
        assertThat(pushes).extracting(ImagePushedData::tag).containsExactly("1.0", "latest");
        assertThat(pushes.get(0).pushedAt()).isEqualTo("2024-05-14T09:12:33.125466871Z");
        assertThat(pushes.get(0).actor()).isEqualTo("ci-bot");
        assertThat(pushes.get(0).upstream().id()).isEqualTo("8b7c0f4e-2b1a-4c55-9f8e-5a1b2c3d4e01");
    }

    @Test
    void parse_indexPushAfterAMount_keepsTheIndexWithItsOffsetTimeInUtc() {
        List<ImagePushedData> pushes = parser.parse(delivery("distribution/push-index.json"));

        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.subject()).isEqualTo(
                    "registry.example.com/team/multiarch@sha256:4cb489d904a289e570cfb53d545a9ed23477eadff1d4a8f0a6d3a8177aac679a");
            assertThat(push.mediaType()).isEqualTo("application/vnd.oci.image.index.v1+json");
            assertThat(push.tag()).isEqualTo("v2");
            assertThat(push.pushedAt()).isEqualTo("2024-05-14T08:00:01.500Z");
        });
    }

    @Test
    void parse_noRequestHost_takesTheHostFromTargetUrl() {
        List<ImagePushedData> pushes = parser.parse(delivery("distribution/push-url-only.json"));

        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.registry()).isEqualTo("mirror.example.org:8443");
            assertThat(push.repository()).isEqualTo("tools/kubectl");
            assertThat(push.tag()).isNull();
            assertThat(push.actor()).as("an anonymous actor is absent, not empty").isNull();
        });
    }

    static Stream<Arguments> notPushes() {
        return Stream.of(
                Arguments.of("documented manifest pull", "distribution/pull.json"),
                Arguments.of("blob push only", "distribution/blob-push.json"),
                Arguments.of("manifest delete", "distribution/delete.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notPushes")
    void parse_eventsThatAreNotManifestPushes_yieldsNothing(String name, String fixture) {
        assertThat(parser.parse(delivery(fixture))).isEmpty();
    }

    static Stream<Arguments> unparseable() {
        return Stream.of(
                Arguments.of("truncated JSON", "distribution/truncated.json", "malformed JSON at line"),
                Arguments.of("digest one hex short", "distribution/bad-digest.json", "events[0].target.digest: parse digest"),
                Arguments.of("digest missing", "distribution/missing-digest.json", "events[0].target.digest: is missing"),
                Arguments.of("upper-case repository", "distribution/uppercase-repository.json", "repository name must be lowercase"),
                Arguments.of("tag outside the grammar", "distribution/bad-tag.json", "events[0].target.tag: parse tag"),
                Arguments.of("neither host nor url", "distribution/missing-host.json", "has neither request.host nor target.url"),
                Arguments.of("no events member", "distribution/not-an-envelope.json", "events: is missing"),
                Arguments.of("events is a string", "distribution/events-not-array.json", "parse distribution notification events: is not an array"),
                Arguments.of("target is an array", "distribution/target-wrong-type.json", "events[0].target: is not an object"),
                Arguments.of("JSON null", "negative/json-null.json", "body is JSON null"),
                Arguments.of("JSON array", "negative/json-array.json", "parse distribution notification body: is not an object"),
                Arguments.of("XML", "negative/xml.json", "malformed JSON at line 1, column 1"),
                Arguments.of("trailing comma", "negative/trailing-comma.json", "malformed JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unparseable")
    void parse_unparseableBody_failsNamingTheMember(String name, String fixture, String expected) {
        assertThatThrownBy(() -> parser.parse(delivery(fixture)))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageStartingWith("parse distribution notification")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(((InvalidNotificationException) e).reason()).isEqualTo(Reason.INPUT_INVALID));
    }

    @Test
    void parse_lineSeparatorInMalformedJson_isNotEchoedIntoTheMessage() {
        // found by fuzzing (ingest.*): Jackson quotes the unexpected character, and only ASCII controls were replaced
        byte[] body = "{\u2028\"events\": [\u0085]}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(WebhookDelivery.of(body)))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageStartingWith("parse distribution notification: malformed JSON at line 1, column 4: Unexpected character ('?'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u2028", "\u0085"));
    }

    @Test
    void parse_emptyBody_failsSayingSo() {
        assertThatThrownBy(() -> parser.parse(WebhookDelivery.of(new byte[0])))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessage("parse distribution notification: body is empty");
    }
}

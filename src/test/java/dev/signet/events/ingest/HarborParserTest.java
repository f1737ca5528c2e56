package dev.signet.events.ingest;

import static dev.signet.events.ingest.WebhookFixtures.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.events.ImagePushedData;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HarborParserTest {
    private final HarborParser parser = new HarborParser(WebhookFixtures.MAPPER);

    @Test
    void parse_documentedPushArtifact_yieldsThePushWithHostFromResourceUrl() {
        List<ImagePushedData> pushes = parser.parse(delivery("harbor/push-artifact.json"));

        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.registry()).isEqualTo("hub.harbor.com");
            assertThat(push.repository()).isEqualTo("test-webhook/debian");
            assertThat(push.tag()).isEqualTo("latest");
            assertThat(push.digest()).isEqualTo("sha256:8a9e9863dbb6e10edb5adfe917c00da84e1700fa76e7ed02476aa6e6fb8ee0d8");
            assertThat(push.mediaType()).as("Harbor does not say").isNull();
            assertThat(push.pushedAt()).isEqualTo("2020-04-15T03:45:08Z");
            assertThat(push.actor()).isEqualTo("admin");
            assertThat(push.upstream().kind()).isEqualTo("harbor");
            assertThat(push.upstream().id()).matches("[0-9a-f-]{36}");
        });
    }

    @Test
    void parse_documentedUntaggedPush_dropsTheDigestHarborWritesAsTag() {
        List<ImagePushedData> pushes = parser.parse(delivery("harbor/push-untagged.json"));

        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.subject()).isEqualTo(
                    "localhost/harbor/alpine@sha256:954b378c375d852eb3c63ab88978f640b4348b01c1b3456a024a81536dafbbf4");
            assertThat(push.tag()).isNull();
        });
    }

    @Test
    void parse_nestedRepositoryOnAPort_keepsPortAndFullPath() {
        List<ImagePushedData> pushes = parser.parse(delivery("harbor/push-untagged-nested.json"));

        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.registry()).isEqualTo("harbor.example.com:8443");
            assertThat(push.repository()).isEqualTo("platform/tools/kubectl");
            assertThat(push.actor()).isEqualTo("robot$ci");
        });
    }

    @Test
    void parse_sameBodyTwice_hasTheSameUpstreamId() {
        String first = parser.parse(delivery("harbor/push-artifact.json")).get(0).upstream().id();
        String again = parser.parse(delivery("harbor/push-artifact.json")).get(0).upstream().id();

        assertThat(again).isEqualTo(first);
    }

    @Test
    void parse_pullArtifact_yieldsNothing() {
        assertThat(parser.parse(delivery("harbor/pull-artifact.json"))).isEmpty();
    }

    static Stream<Arguments> unparseable() {
        return Stream.of(
                Arguments.of("CloudEvents format sent here", "harbor/cloudevents-format.json", "type: \"harbor.artifact.pushed\" is not a Default-format event type"),
                Arguments.of("repo_full_name missing", "harbor/missing-repo-full-name.json", "event_data.repository.repo_full_name: is missing"),
                Arguments.of("upper-case digest hex", "harbor/uppercase-digest.json", "digest hex must be lowercase"),
                Arguments.of("no resources", "harbor/no-resources.json", "event_data.resources: is empty"),
                Arguments.of("resource_url without host", "harbor/resource-url-without-host.json", "does not start with a registry host"),
                Arguments.of("truncated JSON", "negative/truncated.json", "malformed JSON"),
                Arguments.of("JSON string", "negative/json-string.json", "body: is not an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unparseable")
    void parse_unparseableBody_failsNamingTheMember(String name, String fixture, String expected) {
        assertThatThrownBy(() -> parser.parse(delivery(fixture)))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageStartingWith("parse harbor webhook payload")
                .hasMessageContaining(expected);
    }
}

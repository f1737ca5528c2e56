package dev.signet.events.ingest;

import static dev.signet.events.ingest.WebhookFixtures.bytes;
import static dev.signet.events.ingest.WebhookFixtures.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.events.ImagePushedData;
import dev.signet.oci.MediaTypes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GitHubParserTest {
    private static final String V1 = "sha256:b7607c3d17b5a848c0dce79174e5353374d5838e804bc02cc0da739504cb6857";
    private final GitHubParser parser = new GitHubParser(WebhookFixtures.MAPPER);

    @Test
    void parse_registryPackagePublished_yieldsTheLowerCasedGhcrPush() {
        WebhookDelivery delivery = new WebhookDelivery(bytes("github/registry-package-published.json"),
                Map.of("X-GitHub-Event", "registry_package", "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"));

        List<ImagePushedData> pushes = parser.parse(delivery);

        assertThat(pushes).containsExactly(new ImagePushedData("ghcr.io", "codertocat/hello-world", "v1", V1,
                MediaTypes.OCI_MANIFEST, "2024-05-14T09:20:11Z", "Codertocat",
                new ImagePushedData.Upstream("github", "72d3162e-cc78-11e3-81ab-4c9367dc0958")));
    }

    @Test
    void parse_packagePublishedByDigest_hasNoTagAndDropsGoZeroTime() {
        List<ImagePushedData> pushes = parser.parse(delivery("github/package-published-untagged.json"));

        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.subject()).isEqualTo(
                    "ghcr.io/codertocat/hello-world@sha256:a0d40fe377d3037dd7e4e6e41c0d21622168d61a253fc1f8775dc7512a4314c3");
            assertThat(push.tag()).isNull();
            assertThat(push.pushedAt()).as("0001-01-01T00:00:00Z means unknown").isNull();
            assertThat(push.upstream().id()).as("no delivery header: a hash of the body").matches("[0-9a-f-]{36}");
        });
    }

    @Test
    void parse_formEncodedDelivery_readsThePayloadField() {
        String form = "payload=" + URLEncoder.encode(new String(bytes("github/registry-package-published.json"), StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        WebhookDelivery delivery = new WebhookDelivery(form.getBytes(StandardCharsets.US_ASCII),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));

        assertThat(parser.parse(delivery)).extracting(ImagePushedData::digest).containsExactly(V1);
    }

    static Stream<Arguments> ignored() {
        return Stream.of(
                Arguments.of("action updated", "github/package-updated.json", Map.of()),
                Arguments.of("npm package", "github/package-published-npm.json", Map.of()),
                Arguments.of("ping", "github/ping.json", Map.of("X-GitHub-Event", "ping")),
                Arguments.of("push event named by header", "github/registry-package-published.json", Map.of("X-GitHub-Event", "push")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignored")
    void parse_eventsThatAreNotContainerPublications_yieldNothing(String name, String fixture, Map<String, String> headers) {
        assertThat(parser.parse(new WebhookDelivery(bytes(fixture), headers))).isEmpty();
    }

    static Stream<Arguments> unparseable() {
        return Stream.of(
                Arguments.of("documented 40-hex digest", "github/documented-short-digest.json",
                        "package.package_version.container_metadata.tag.digest: parse digest"),
                Arguments.of("registry missing", "github/missing-registry.json", "registry_package.registry: is missing"),
                Arguments.of("ping without event header", "github/ping.json", "has neither package nor registry_package"),
                Arguments.of("XML", "negative/xml.json", "malformed JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unparseable")
    void parse_unparseableBody_failsNamingTheMember(String name, String fixture, String expected) {
        assertThatThrownBy(() -> parser.parse(delivery(fixture)))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageStartingWith("parse github package event")
                .hasMessageContaining(expected);
    }

    @Test
    void parse_formEncodedWithABrokenEscape_saysSoWithoutEchoingTheBytes() {
        // found by fuzzing (ingest.github): URLDecoder's message, raw bytes after the '%' included, was the cause
        WebhookDelivery delivery = new WebhookDelivery("payload=%7B%2\u0013".getBytes(StandardCharsets.ISO_8859_1),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));

        assertThatThrownBy(() -> parser.parse(delivery))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessage("parse github package event payload: is not URL-encoded: a '%' is not followed by two hex digits");
    }

    @Test
    void parse_formEncodedWithoutPayload_fails() {
        WebhookDelivery delivery = new WebhookDelivery("other=1".getBytes(StandardCharsets.US_ASCII),
                Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8"));

        assertThatThrownBy(() -> parser.parse(delivery)).hasMessage("parse github package event payload: is missing from the form-encoded body");
    }
}

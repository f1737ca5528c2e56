package dev.signet.events.ingest;

import static dev.signet.events.ingest.WebhookFixtures.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.signet.events.ImagePushedData;
import dev.signet.oci.MediaTypes;
import dev.signet.registry.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuayParserTest {
    private static final String LATEST = "sha256:898fbfa1c922859fb293e689945447f5d12deacc86a9c14178a7b2de63e16df9";
    private static final String FOO = "sha256:eb7f28845a9b6dac9c2608b90bb7b9a896ae39dac2dee53a85d0dbf1d08e44af";

    private final FakeTagResolver resolver = new FakeTagResolver()
            .tag("quay.io/dgangaia/test:latest", MediaTypes.OCI_MANIFEST, LATEST)
            .tag("quay.example.com:8443/acme/webapp:latest", MediaTypes.OCI_INDEX, LATEST)
            .tag("quay.example.com:8443/acme/webapp:foo", MediaTypes.DOCKER_MANIFEST, FOO)
            .tag("quay.io/devtable/ubuntu:latest", MediaTypes.DOCKER_MANIFEST, FOO);
    private final QuayParser parser = new QuayParser(WebhookFixtures.MAPPER, resolver);

    @Test
    void parse_documentedRepoPush_resolvesTheTagToItsDigest() {
        List<ImagePushedData> pushes = parser.parse(delivery("quay/repo-push.json"));

        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.subject()).isEqualTo("quay.io/dgangaia/test@" + LATEST);
            assertThat(push.tag()).isEqualTo("latest");
            assertThat(push.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
            assertThat(push.upstream().kind()).isEqualTo("quay");
        });
        assertThat(resolver.asked()).containsExactly("quay.io/dgangaia/test:latest");
    }

    @Test
    void parse_sampleWithTwoTagsOnAPort_resolvesEachTag() {
        List<ImagePushedData> pushes = parser.parse(delivery("quay/repo-push-sample.json"));

        assertThat(pushes).extracting(ImagePushedData::tag, ImagePushedData::digest, ImagePushedData::registry)
                .containsExactly(
                        tuple("latest", LATEST, "quay.example.com:8443"),
                        tuple("foo", FOO, "quay.example.com:8443"));
        assertThat(pushes).extracting(push -> push.upstream().id()).containsOnly(pushes.get(0).upstream().id());
    }

    @Test
    void parse_legacyMapOfTags_usesTheKeysAndIgnoresTheImageIds() {
        List<ImagePushedData> pushes = parser.parse(delivery("quay/repo-push-legacy.json"));

        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.tag()).isEqualTo("latest");
            assertThat(push.digest()).as("resolved, not the legacy image id").isEqualTo(FOO);
        });
    }

    @Test
    void parse_tagThatNoLongerExists_isSkipped() {
        QuayParser withoutTags = new QuayParser(WebhookFixtures.MAPPER, new FakeTagResolver());

        assertThat(withoutTags.parse(delivery("quay/repo-push.json"))).isEmpty();
    }

    @Test
    void parse_buildEvent_yieldsNothingAndResolvesNothing() {
        assertThat(parser.parse(delivery("quay/build-success.json"))).isEmpty();
        assertThat(resolver.asked()).isEmpty();
    }

    @Test
    void parse_registryUnavailable_propagatesTheTransientFailure() {
        QuayParser failing = new QuayParser(WebhookFixtures.MAPPER, new FakeTagResolver().unavailable("quay.io/dgangaia/test:latest"));

        assertThatThrownBy(() -> failing.parse(delivery("quay/repo-push.json")))
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).isTransient()).isTrue());
    }

    @Test
    void parse_moreTagsThanTheLimit_failsBeforeResolvingAny() {
        String tags = IntStream.rangeClosed(0, TagResolution.MAX_TAGS).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));
        byte[] body = ("{\"docker_url\": \"quay.io/ns/app\", \"updated_tags\": [" + tags + "]}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(WebhookDelivery.of(body)))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageContaining("updated_tags: lists 101 tags; at most 100");
        assertThat(resolver.asked()).isEmpty();
    }

    static Stream<Arguments> unparseable() {
        return Stream.of(
                Arguments.of("docker_url missing", "quay/missing-docker-url.json", "docker_url: is missing"),
                Arguments.of("docker_url without host", "quay/docker-url-without-host.json", "is not <host>/<namespace>/<name>"),
                Arguments.of("tag with a space", "quay/bad-tag.json", "updated_tags[1]: parse tag"),
                Arguments.of("updated_tags a string", "quay/tags-not-list.json", "updated_tags: is string, not a list of tags"),
                Arguments.of("tag a number", "quay/tag-not-string.json", "updated_tags[1]: is number, not a tag name"),
                Arguments.of("JSON array", "negative/json-array.json", "body: is not an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unparseable")
    void parse_unparseableBody_failsNamingTheMember(String name, String fixture, String expected) {
        assertThatThrownBy(() -> parser.parse(delivery(fixture)))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageStartingWith("parse quay notification")
                .hasMessageContaining(expected);
    }
}

package dev.signet.events.ingest;

import static dev.signet.events.ingest.WebhookFixtures.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.events.ImagePushedData;
import dev.signet.oci.MediaTypes;
import dev.signet.registry.RegistryException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerHubParserTest {
    private static final String DIGEST = "sha256:a89e3c342d3e7be9c1c860452dd2f7fa8e0013f27426a6ebdeda9bdf29bb3dba";

    private final FakeTagResolver resolver = new FakeTagResolver()
            .tag("docker.io/svendowideit/testhook:latest", MediaTypes.DOCKER_MANIFEST_LIST, DIGEST)
            .tag("docker.io/svendowideit/testhook:v1.0", MediaTypes.DOCKER_MANIFEST, DIGEST)
            .tag("docker.io/library/nginx:1.27-alpine", MediaTypes.OCI_INDEX, DIGEST);
    private final DockerHubParser parser = new DockerHubParser(WebhookFixtures.MAPPER, resolver);

    @Test
    void parse_documentedPush_resolvesTheTagOnDockerHub() {
        List<ImagePushedData> pushes = parser.parse(delivery("dockerhub/push.json"));

        assertThat(pushes).containsExactly(new ImagePushedData("docker.io", "svendowideit/testhook", "latest", DIGEST,
                MediaTypes.DOCKER_MANIFEST_LIST, "2014-12-03T00:22:41Z", "trustedbuilder",
                new ImagePushedData.Upstream("dockerhub", pushes.get(0).upstream().id())));
        assertThat(pushes.get(0).upstream().id()).matches("[0-9a-f-]{36}");
    }

    @Test
    void parse_legacyPayloadWithFloatTimesAndImages_isRead() {
        List<ImagePushedData> pushes = parser.parse(delivery("dockerhub/push-legacy.json"));

        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.tag()).isEqualTo("v1.0");
            assertThat(push.pushedAt()).isEqualTo("2014-12-03T00:22:41Z");
        });
    }

    @Test
    void parse_officialImage_isUnderLibrary() {
        assertThat(parser.parse(delivery("dockerhub/push-official.json")))
                .extracting(ImagePushedData::subject)
                .containsExactly("docker.io/library/nginx@" + DIGEST);
    }

    @Test
    void parse_tagGoneSinceThePush_yieldsNothing() {
        assertThat(new DockerHubParser(WebhookFixtures.MAPPER, new FakeTagResolver()).parse(delivery("dockerhub/push.json"))).isEmpty();
    }

    @Test
    void parse_registryDeniesTheLookup_propagatesThePermanentFailure() {
        DockerHubParser denied = new DockerHubParser(WebhookFixtures.MAPPER, new FakeTagResolver().denied("docker.io/svendowideit/testhook:latest"));

        assertThatThrownBy(() -> denied.parse(delivery("dockerhub/push.json")))
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).isTransient()).isFalse());
    }

    static Stream<Arguments> unparseable() {
        return Stream.of(
                Arguments.of("tag missing", "dockerhub/missing-tag.json", "push_data.tag: is missing"),
                Arguments.of("repository name with a space", "dockerhub/invalid-repo-name.json", "repository.repo_name: parse repository"),
                Arguments.of("push_data a string", "dockerhub/push-data-not-object.json", "push_data: is not an object"),
                Arguments.of("truncated JSON", "negative/truncated.json", "malformed JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unparseable")
    void parse_unparseableBody_failsNamingTheMember(String name, String fixture, String expected) {
        assertThatThrownBy(() -> parser.parse(delivery(fixture)))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageStartingWith("parse docker hub webhook")
                .hasMessageContaining(expected);
    }
}

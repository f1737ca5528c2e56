package dev.signet.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryTest {

    @Test
    void parse_singleComponentOnDockerHub_addsLibrary() {
        Repository repository = Repository.parse("nginx");

        assertThat(repository.registry()).isEqualTo(Registry.DOCKER_HUB);
        assertThat(repository.path()).isEqualTo("library/nginx");
        assertThat(repository.name()).isEqualTo("docker.io/library/nginx");
        assertThat(repository.cosignName()).isEqualTo("index.docker.io/library/nginx");
    }

    @Test
    void parse_singleComponentElsewhere_keepsPath() {
        Repository repository = Repository.parse("quay.io/app");

        assertThat(repository.path()).isEqualTo("app");
        assertThat(repository).hasToString("quay.io/app");
        assertThat(repository.cosignName()).isEqualTo("quay.io/app");
    }

    @Test
    void of_dockerHubSingleComponent_equalsExplicitLibrary() {
        assertThat(Repository.of(Registry.DOCKER_HUB, "busybox"))
                .isEqualTo(Repository.of(Registry.parse("index.docker.io"), "library/busybox"))
                .isEqualTo(Repository.parse("docker.io/busybox"));
    }

    @Test
    void parse_localhostFirstComponent_isRegistry() {
        // Docker's reading; go-containerregistry would put this on Docker Hub as localhost/app
        Repository repository = Repository.parse("localhost/app");

        assertThat(repository.registry().name()).isEqualTo("localhost");
        assertThat(repository.path()).isEqualTo("app");
    }

    @Test
    void parse_plainFirstComponent_isDockerHubNamespace() {
        Repository repository = Repository.parse("bitnami/redis");

        assertThat(repository.registry()).isEqualTo(Registry.DOCKER_HUB);
        assertThat(repository.path()).isEqualTo("bitnami/redis");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a_b", "a__b", "a.b", "a-b", "a---b", "a0/b1/c2", "0.1_2__3-4--5", "x/y/z/w"})
    void of_separatorsInGrammar_succeed(String path) {
        assertThat(Repository.of(Registry.parse("example.com"), path).path()).isEqualTo(path);
    }

    static Stream<Arguments> malformedPaths() {
        return Stream.of(
                argumentSet("empty", "", "repository path is empty"),
                argumentSet("upper case", "App", "repository name must be lowercase"),
                argumentSet("upper case in second component", "team/App", "repository name must be lowercase"),
                argumentSet("three underscores", "a___b", "must be lowercase letters or digits separated by"),
                argumentSet("two dots", "a..b", "separated by '.', '_', '__' or '-'"),
                argumentSet("dot then underscore", "a._b", "separated by"),
                argumentSet("trailing dash", "a-", "separated by"),
                argumentSet("leading underscore", "_a", "separated by"),
                argumentSet("tag left in", "app:v1", "separated by"),
                argumentSet("leading slash", "/a", "repository path has an empty component"),
                argumentSet("trailing slash", "a/", "repository path has an empty component"),
                argumentSet("double slash", "a//b", "repository path has an empty component"),
                argumentSet("256 characters", "p".repeat(256), "repository path is longer than 255 characters"));
    }

    @ParameterizedTest
    @MethodSource("malformedPaths")
    void of_malformedPath_fails(String path, String expectedCause) {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Repository.of(Registry.parse("example.com"), path))
                .withMessageStartingWith("parse repository \"example.com/")
                .withMessageContaining(expectedCause);
    }

    @Test
    void parse_malformedRegistry_namesWholeInput() {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Repository.parse("example.com:99999/app"))
                .withMessage("parse repository \"example.com:99999/app\": registry port must be between 1 and 65535");
    }

    @Test
    void parse_null_failsAsEmpty() {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Repository.parse(null))
                .withMessage("parse repository \"\": repository path is empty");
    }
}

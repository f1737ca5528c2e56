package dev.signet.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Glob matching as Kyverno and the signing rules use it, in linear time whatever the glob. */
class ImagePatternTest {

    static Stream<Arguments> globs() {
        return Stream.of(
                Arguments.of("*", "nginx", true),
                Arguments.of("nginx:*", "nginx:1.25", true),
                Arguments.of("ghcr.io/org/*", "ghcr.io/org/team/app:v1", true),
                Arguments.of("ghcr.io/org/*", "ghcr.io/other/app:v1", false),
                Arguments.of("127.0.0.1:*/signed/*", "127.0.0.1:5000/signed/app@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", true),
                Arguments.of("?ginx", "nginx", true),
                Arguments.of("?ginx", "ngnx", false),
                Arguments.of("docker.io/library/nginx", "nginx", true),
                Arguments.of("*.example.com:5000/*/app:*", "registry.example.com:5000/team/app:v1", true),
                Arguments.of("*a*a*b", "aaaaaaaa", false));
    }

    @ParameterizedTest(name = "{0} against {1}: {2}")
    @MethodSource("globs")
    void matches_wildcards_matchAnyRunOrOneCharacter(String glob, String image, boolean expected) {
        assertThat(ImagePattern.parse(glob).matches(ImageReference.parse(image))).isEqualTo(expected);
    }

    private static final String DIGEST = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    static Stream<Arguments> digestBesideTag() {
        return Stream.of(
                Arguments.of("ghcr.io/acme/app:dev", false),
                Arguments.of("ghcr.io/acme/app:dev*", false),
                Arguments.of("*:dev@*", false),
                Arguments.of("ghcr.io/acme/app:dev@" + DIGEST, false),
                Arguments.of("ghcr.io/acme/app@" + DIGEST, true),
                Arguments.of("ghcr.io/acme/app@sha256:*", true),
                Arguments.of("ghcr.io/acme/*", true),
                Arguments.of("ghcr.io/acme/app", true));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("digestBesideTag")
    void matches_tagBesideADigest_isNoEvidence(String glob, boolean expected) {
        // Kyverno matches "registry/path@digest" when there is a digest: the tag it overrides says nothing about the image
        ImageReference image = ImageReference.parse("ghcr.io/acme/app:dev@" + DIGEST);

        assertThat(ImagePattern.parse(glob).matches(image)).isEqualTo(expected);
    }

    static Stream<Arguments> hostSpellings() {
        return Stream.of(
                Arguments.of("ghcr.io/*", "GHCR.IO/acme/app"),
                Arguments.of("ghcr.io/*", "ghcr.io:443/acme/app"),
                Arguments.of("ghcr.io/acme/*", "Ghcr.Io:443/acme/app:v1@" + DIGEST),
                Arguments.of("docker.io/*", "REGISTRY-1.DOCKER.IO/library/nginx"),
                Arguments.of("docker.io/*", "index.docker.io/library/nginx"),
                Arguments.of("docker.io/library/*", "Index.Docker.IO:443/nginx"),
                Arguments.of("GHCR.IO/acme/*", "ghcr.io/acme/app"),
                Arguments.of("ghcr.io:443/acme/*", "ghcr.io/acme/app"),
                Arguments.of("registry-1.docker.io/library/*", "nginx"),
                Arguments.of("INDEX.DOCKER.IO/*", "nginx:1.25"),
                Arguments.of("[::1]:443/*", "[::1]/app"));
    }

    @ParameterizedTest(name = "{0} against {1}")
    @MethodSource("hostSpellings")
    void matches_hostSpelling_isNormalisedOnBothSides(String glob, String image) {
        assertThat(ImagePattern.parse(glob).matches(ImageReference.parse(image))).isTrue();
    }

    static Stream<Arguments> looseForms() {
        return Stream.of(
                Arguments.of("ghcr.io/acme/app:prod", "ghcr.io/acme/app:prod@" + DIGEST, false, true),
                Arguments.of("ghcr.io/*", "ghcr.io:80/acme/app", false, true),
                Arguments.of("ghcr.io/acme/app:v1", "GHCR.IO:80/acme/app:v1", false, true),
                Arguments.of("docker.io/library/*", "index.docker.io:80/nginx", false, true),
                Arguments.of("ghcr.io:80/*", "ghcr.io:80/acme/app", true, true),
                Arguments.of("ghcr.io/*", "ghcr.io:8080/acme/app", false, false));
    }

    @ParameterizedTest(name = "{0} against {1}: matches={2}, loosely={3}")
    @MethodSource("looseForms")
    void matchesLoosely_tagBesideADigestAndPort80_countOnlyLoosely(String glob, String image, boolean strict, boolean loose) {
        ImagePattern pattern = ImagePattern.parse(glob);
        ImageReference reference = ImageReference.parse(image);

        assertThat(pattern.matches(reference)).isEqualTo(strict);
        assertThat(pattern.matchesLoosely(reference)).isEqualTo(loose);
    }

    @Test
    void matches_manyStarsAndALateMismatch_answersInLinearTime() {
        // found by fuzzing (reference.pattern): the regex translation backtracked through every split between stars
        ImagePattern pattern = ImagePattern.parse("?****:*******??***:**#");
        ImagePattern longer = ImagePattern.parse("*a".repeat(200) + "#");
        ImageReference image = ImageReference.parse("[fe80::1]:8443/app:tag");
        ImageReference as = ImageReference.parse("registry.example.com/" + "a".repeat(200));

        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            assertThat(pattern.matches(image)).isFalse();
            assertThat(longer.matches(as)).isFalse();
        });
    }
}

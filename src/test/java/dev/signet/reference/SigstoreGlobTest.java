package dev.signet.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * policy-controller's globs ({@link ImagePattern#sigstoreGlob}): the cases of its own table test,
 * sigstore/policy-controller@f925c0c {@code pkg/apis/glob/glob_test.go} {@code TestMatch}, restated (image, glob, match).
 */
class SigstoreGlobTest {

    static Stream<Arguments> policyControllerCases() {
        String digest = "sha256:5504f2a95018e3d8a52d80d9e1a128c6ea337581808ff9fe96f5628ce2336350";
        return Stream.of(
                Arguments.of("foo", "index.docker.io/library/foo:latest", true),
                Arguments.of("foo", "index.docker.io/library/foo:*", true),
                Arguments.of("foo", "index.docker.io/library/*", true),
                Arguments.of("foo", "index.docker.io/library/*:latest", true),
                Arguments.of("foo", "index.docker.io/*/*", true),
                Arguments.of("foo", "index.docker.io/**", true),
                Arguments.of("foo", "inde**", true),
                Arguments.of("foo", "**", true),
                Arguments.of("foo", "foo", true),
                Arguments.of("foo", "foo*", true),
                Arguments.of("foo", "*", true),
                Arguments.of("myuser/myapp", "index.docker.io/myuser/myapp:latest", true),
                Arguments.of("myuser/myapp", "index.docker.io/myuser/*", true),
                Arguments.of("myuser/myapp", "index.docker.io/*/*", true),
                Arguments.of("myuser/myapp", "myuser/myapp", true),
                Arguments.of("myuser/myapp", "myuser/myapp**", true),
                Arguments.of("myuser/myapp", "*/*", true),
                Arguments.of("ghcr.io/foo/bar", "ghcr.io/*/*", true),
                Arguments.of("ghcr.io/foo/bar", "ghcr.io/**", true),
                Arguments.of("ghcr.io/foo", "ghcr.io/*/*", false),
                Arguments.of("ghcr.io/foo", "ghcr.io/**", true),
                Arguments.of("ghcr.io/foo", "*/**", true),
                Arguments.of("ghcr.io/foo", "ghcr.io/foo*", true),
                Arguments.of("ghcr.io/foo-suffix", "ghcr.io/foo", false),
                Arguments.of("ghcrxio/foo", "ghcr.io/**", false),
                Arguments.of("ghcr.io/foo@" + digest, "ghcr.io/foo@" + digest, true),
                Arguments.of("ghcr.io/acme/team/app:v1", "ghcr.io/acme/*", false),
                Arguments.of("ghcr.io/acme/team/app:v1", "ghcr.io/acme/**", true));
    }

    @ParameterizedTest(name = "{0} against {1}: {2}")
    @MethodSource("policyControllerCases")
    void match_asPolicyControllerMatches(String image, String glob, boolean expected) {
        assertThat(ImagePattern.sigstoreGlob(glob).matchesLoosely(ImageReference.parse(image))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1} covers {0}")
    @org.junit.jupiter.params.provider.CsvSource({
            "docker.io/library/nginx:1, registry-1.docker.io/**",
            "nginx:1, INDEX.DOCKER.IO/library/*",
            "ghcr.io/acme/app:v1, GHCR.IO:443/acme/*",
            "myreg.example:5000/app:v1, myreg.example:5000/*"})
    void globHost_isReadInCanonicalForm_asEveryImagesIs(String image, String glob) {
        // policy-controller would compare the host as written; Signet spells both sides canonically, so an alias never
        // takes an image out of a policy
        assertThat(ImagePattern.sigstoreGlob(glob).matchesLoosely(ImageReference.parse(image))).isTrue();
        assertThat(ImagePattern.sigstoreGlob(glob).matches(ImageReference.parse(image))).isTrue();
    }

    @Test
    void manyStars_againstALongImageThatFailsAtTheEnd_answerInLinearSteps() {
        // with a backtracking regex this one call took 1.5-2 s (review, 2026-12-03); the matcher carries the set of
        // glob positions forward, so it is a few microseconds; the bound only guards against a hang
        ImageReference image = ImageReference.parse("ghcr.io/" + "a/".repeat(100) + "app:v2");
        ImagePattern glob = ImagePattern.sigstoreGlob("ghcr.io/**/**/**/**/**:v1");

        boolean matched = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> glob.matchesLoosely(image));

        assertThat(matched).isFalse();
        assertThat(ImagePattern.sigstoreGlob("ghcr.io/**/**/**/**/**:v2").matchesLoosely(image)).isTrue();
        assertThat(ImagePattern.sigstoreGlob("ghcr.io/*/*:v2").matchesLoosely(image)).as("* stops at /").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {".+", "[a-z]*", "ghcr.io/acme/app?", "a b"})
    void parse_notAPolicyControllerGlob_isRefused(String glob) {
        assertThatThrownBy(() -> ImagePattern.sigstoreGlob(glob)).isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    void equals_aSigstoreGlobIsNotTheKyvernoWildcardOfTheSameText() {
        assertThat(ImagePattern.sigstoreGlob("ghcr.io/*")).isNotEqualTo(ImagePattern.parse("ghcr.io/*"));
    }
}

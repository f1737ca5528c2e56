package dev.signet.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.signet.Reason;
import dev.signet.testing.Vectors;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageReferenceTest {
    private static final String SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final Digest DIGEST = Digest.of(DigestAlgorithm.SHA256, SHA256);

    static Stream<Arguments> validReferences() {
        return Vectors.lines(ReferenceVectors.VALID).stream().map(line -> argumentSet(line, line));
    }

    static Stream<Arguments> invalidReferences() {
        return Vectors.rows(ReferenceVectors.INVALID, 2).stream()
                .map(row -> argumentSet(row[0].isEmpty() ? "<empty>" : row[0], ReferenceVectors.unescape(row[0]), row[1]));
    }

    static Stream<Arguments> normalisedReferences() {
        return Vectors.rows(ReferenceVectors.NORMALISED, 4).stream()
                .map(row -> argumentSet(row[0], row[0], row[1], row[2], row[3]));
    }

    @ParameterizedTest
    @MethodSource("validReferences")
    void parse_validVector_roundTripsThroughEveryPart(String text) {
        ImageReference reference = ImageReference.parse(text);

        assertThat(ImageReference.parse(reference.toString())).isEqualTo(reference);
        assertThat(reference.tag().isPresent() || reference.digest().isPresent()).isTrue();
        // the parts parse on their own too, so no mode of parsing is more lenient than another
        assertThat(Repository.parse(reference.repository().toString())).isEqualTo(reference.repository());
        assertThat(Registry.parse(reference.registry().name())).isEqualTo(reference.registry());
        reference.tag().ifPresent(tag -> assertThat(Tag.parse(tag.name())).isEqualTo(tag));
        reference.digest().ifPresent(digest -> assertThat(Digest.parse(digest.toString())).isEqualTo(digest));
    }

    @ParameterizedTest
    @MethodSource("invalidReferences")
    void parse_invalidVector_failsWithReason(String text, String expectedCause) {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> ImageReference.parse(text))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_REFERENCE);
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.getMessage()).startsWith("parse reference \"").contains(expectedCause);
                    assertThat(e.getMessage()).doesNotEndWith(".").doesNotContain("\n", "\t", "\u0000");
                    assertThat(e.subject()).isEqualTo(InvalidReferenceException.quote(text));
                });
    }

    @ParameterizedTest
    @MethodSource("normalisedReferences")
    void parse_normalisedVector_matchesCanonicalForm(String input, String canonical, String apiHost,
            String cosignName) {
        ImageReference reference = ImageReference.parse(input);

        assertThat(reference).hasToString(canonical);
        assertThat(reference.registry().apiHost()).isEqualTo(apiHost);
        assertThat(reference.repository().cosignName()).isEqualTo(cosignName);
        assertThat(ImageReference.parse(canonical)).isEqualTo(reference);
    }

    @Test
    void parse_noTagOrDigest_defaultsToLatest() {
        ImageReference reference = ImageReference.parse("nginx");

        assertThat(reference.tag()).contains(Tag.LATEST);
        assertThat(reference.digest()).isEmpty();
        assertThat(reference.isDigest()).isFalse();
        assertThat(reference.identifier()).isEqualTo("latest");
        assertThat(reference).isEqualTo(ImageReference.parse("docker.io/library/nginx:latest"));
    }

    @Test
    void parse_digestOnly_hasNoTagAndDigestIdentifier() {
        ImageReference reference = ImageReference.parse("ghcr.io/org/app@sha256:" + SHA256);

        assertThat(reference.tag()).isEmpty();
        assertThat(reference.digest()).contains(DIGEST);
        assertThat(reference.isDigest()).isTrue();
        assertThat(reference.identifier()).isEqualTo("sha256:" + SHA256);
    }

    @Test
    void parse_tagAndDigest_keepsTagButDigestIsIdentifier() {
        ImageReference reference = ImageReference.parse("ghcr.io/org/app:v1@sha256:" + SHA256);

        assertThat(reference.tag()).contains(new Tag("v1"));
        assertThat(reference.digest()).contains(DIGEST);
        assertThat(reference.identifier()).isEqualTo(DIGEST.toString());
        assertThat(reference).hasToString("ghcr.io/org/app:v1@sha256:" + SHA256);
    }

    @Test
    void parse_portAndTag_separatesRegistryPortFromTag() {
        ImageReference reference = ImageReference.parse("localhost:5000/team/app:5000");

        assertThat(reference.registry().name()).isEqualTo("localhost:5000");
        assertThat(reference.repository().path()).isEqualTo("team/app");
        assertThat(reference.tag()).contains(new Tag("5000"));
        assertThat(reference.registry().isLoopback()).isTrue();
    }

    @Test
    void parse_uppercaseRepository_fails() {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> ImageReference.parse("docker.io/Library/nginx"))
                .withMessage("parse reference \"docker.io/Library/nginx\": repository name must be lowercase");
    }

    @Test
    void parse_uppercaseFirstComponent_isRegistry() {
        ImageReference reference = ImageReference.parse("Foo/bar");

        assertThat(reference.registry().name()).isEqualTo("Foo");
        assertThat(reference.repository().path()).isEqualTo("bar");
    }

    @Test
    void parse_null_failsAsEmpty() {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> ImageReference.parse(null))
                .withMessage("parse reference \"\": reference is empty");
    }

    @Test
    void parse_longerThanLimit_failsWithTruncatedInput() {
        String text = "a".repeat(ImageReference.MAX_LENGTH + 1);

        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> ImageReference.parse(text))
                .satisfies(e -> assertThat(e.getMessage())
                        .isEqualTo("parse reference \"" + "a".repeat(100) + "...\": reference is longer than 1024 "
                                + "characters"));
    }

    @Test
    void parse_pathAtLengthLimit_succeeds() {
        // library/ counts towards the 255 characters, as in distribution
        assertThat(ImageReference.parse("a".repeat(247)).repository().path()).hasSize(255);
        assertThat(ImageReference.parse("example.com/" + "b".repeat(255)).repository().path()).hasSize(255);
    }

    @Test
    void parse_pathOverLengthLimit_fails() {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> ImageReference.parse("a".repeat(248)))
                .withMessageContaining("repository path is longer than 255 characters");
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> ImageReference.parse("example.com/" + "b".repeat(256)))
                .withMessageContaining("repository path is longer than 255 characters");
    }

    @Test
    void parse_newlineInInput_isEscapedInMessage() {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> ImageReference.parse("app\nlevel=info msg=forged"))
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("parse reference \"app\\u000alevel=info msg=forged\": ")
                        .endsWith("at index 3"));
    }

    @Test
    void withDigest_tagged_pinsDigestAndKeepsTag() {
        ImageReference tagged = ImageReference.parse("registry.example.com/app:v1");

        ImageReference pinned = tagged.withDigest(DIGEST);

        assertThat(pinned.isDigest()).isTrue();
        assertThat(pinned.tag()).contains(new Tag("v1"));
        assertThat(pinned.repository()).isEqualTo(tagged.repository());
        assertThat(pinned).hasToString("registry.example.com/app:v1@" + DIGEST);
        assertThat(tagged.isDigest()).isFalse();
    }

    @Test
    void of_parts_buildSameValueAsParse() {
        Repository repository = Repository.parse("quay.io/org/app");

        assertThat(ImageReference.of(repository, new Tag("v2"))).isEqualTo(ImageReference.parse("quay.io/org/app:v2"));
        assertThat(ImageReference.of(repository, DIGEST))
                .isEqualTo(ImageReference.parse("quay.io/org/app@sha256:" + SHA256));
        assertThat(new ImageReference(repository, Optional.empty(), Optional.empty()).tag()).contains(Tag.LATEST);
    }

    @Test
    void context_anyReference_isRepositoryName() {
        ImageReference reference = ImageReference.parse("bitnami/redis:7@sha256:" + SHA256);

        assertThat(reference.context()).isSameAs(reference.repository());
        assertThat(reference.context()).hasToString("docker.io/bitnami/redis");
        assertThat(reference.registry()).isEqualTo(Registry.DOCKER_HUB);
    }

    static Stream<Arguments> localImageIds() {
        String hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        return Stream.of(
                argumentSet("sha256 image ID", "sha256:" + hex, true),
                argumentSet("a prefix, which containerd resolves too", "sha256:e3b0c4", true),
                argumentSet("sha384", "sha384:" + hex + hex.substring(0, 32), true),
                argumentSet("sha512 prefix", "sha512:cf83", true),
                argumentSet("blake3", "blake3:" + hex, true),
                argumentSet("upper-case hex", "sha256:E3B0C4", true),
                argumentSet("a repository", "nginx", false),
                argumentSet("an algorithm alone", "sha256", false),
                argumentSet("nothing after the colon", "sha256:", false),
                argumentSet("a tag that is no hex", "sha256:latest", false),
                argumentSet("an unregistered algorithm", "md5:e3b0c4", false),
                argumentSet("another repository's hex tag", "app:e3b0c4", false),
                argumentSet("with a registry", "docker.io/library/sha256:e3b0c4", false),
                argumentSet("pinned by digest", "sha256:e3b0c4@sha256:" + hex, false));
    }

    @ParameterizedTest
    @MethodSource("localImageIds")
    void namesLocalImage_algorithmAndHex_isAnImageId(String text, boolean expected) {
        assertThat(ImageReference.namesLocalImage(text)).isEqualTo(expected);
    }
}

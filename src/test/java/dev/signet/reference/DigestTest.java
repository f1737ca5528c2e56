package dev.signet.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.security.Security;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class DigestTest {

    /** A well-formed hex string of the algorithm's length, built from a repeating pattern. */
    private static String hex(DigestAlgorithm algorithm) {
        return "0123456789abcdef".repeat(algorithm.hexLength() / 16);
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void parse_wellFormed_roundTrips(DigestAlgorithm algorithm) {
        String text = algorithm.identifier() + ":" + hex(algorithm);

        Digest digest = Digest.parse(text);

        assertThat(digest.algorithm()).isEqualTo(algorithm);
        assertThat(digest.hex()).isEqualTo(hex(algorithm));
        assertThat(digest).hasToString(text).isEqualTo(Digest.of(algorithm, hex(algorithm)));
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void parse_oneCharacterShort_fails(DigestAlgorithm algorithm) {
        String text = algorithm.identifier() + ":" + hex(algorithm).substring(1);

        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Digest.parse(text))
                .withMessage("parse digest \"" + (text.length() > 100 ? text.substring(0, 100) + "..." : text)
                        + "\": " + algorithm + " digest must have " + algorithm.hexLength() + " hex characters, not "
                        + (algorithm.hexLength() - 1));
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void parse_oneCharacterLong_fails(DigestAlgorithm algorithm) {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Digest.parse(algorithm.identifier() + ":" + hex(algorithm) + "0"))
                .withMessageEndingWith("hex characters, not " + (algorithm.hexLength() + 1));
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void parse_uppercaseHex_fails(DigestAlgorithm algorithm) {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Digest.parse(algorithm.identifier() + ":" + hex(algorithm).toUpperCase()))
                .withMessageEndingWith(": digest hex must be lowercase");
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void of_hexOfOtherAlgorithm_fails(DigestAlgorithm algorithm) {
        DigestAlgorithm other = algorithm == DigestAlgorithm.SHA256 ? DigestAlgorithm.SHA512 : DigestAlgorithm.SHA256;

        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Digest.of(algorithm, hex(other)))
                .withMessageStartingWith("parse digest \"" + algorithm + ":")
                .withMessageContaining("must have " + algorithm.hexLength() + " hex characters");
    }

    static Stream<Arguments> malformedDigests() {
        String sha256 = hex(DigestAlgorithm.SHA256);
        return Stream.of(
                argumentSet("empty", "", "digest is empty"),
                argumentSet("no colon", sha256, "digest must have the form <algorithm>:<hex>"),
                argumentSet("empty algorithm", ":" + sha256, "unsupported digest algorithm \"\""),
                argumentSet("md5", "md5:" + sha256.substring(0, 32), "unsupported digest algorithm \"md5\""),
                argumentSet("sha384 is not registered", "sha384:" + sha256 + sha256.substring(0, 32),
                        "unsupported digest algorithm \"sha384\""),
                argumentSet("upper-case algorithm", "SHA256:" + sha256, "unsupported digest algorithm \"SHA256\""),
                argumentSet("empty hex", "sha256:", "sha256 digest must have 64 hex characters, not 0"),
                argumentSet("non-hex", "sha256:" + sha256.substring(1) + "z", "not hexadecimal at index 63"),
                argumentSet("second colon", "sha256:" + sha256.substring(1) + ":", "not hexadecimal"),
                argumentSet("prefix space", " sha256:" + sha256, "unsupported digest algorithm"));
    }

    @ParameterizedTest
    @MethodSource("malformedDigests")
    void parse_malformed_fails(String text, String expectedCause) {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Digest.parse(text))
                .withMessageStartingWith("parse digest \"")
                .withMessageContaining(expectedCause);
    }

    @Test
    void parse_null_failsAsEmpty() {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Digest.parse(null))
                .withMessage("parse digest \"\": digest is empty");
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void fromIdentifier_everyAlgorithm_findsIt(DigestAlgorithm algorithm) {
        assertThat(DigestAlgorithm.fromIdentifier(algorithm.identifier())).contains(algorithm);
        assertThat(DigestAlgorithm.fromIdentifier(algorithm.identifier().toUpperCase())).isEmpty();
        assertThat(algorithm).hasToString(algorithm.identifier());
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void jcaName_everyAlgorithm_isKnownToTheJdk(DigestAlgorithm algorithm) {
        // oci computes digests by this name, so it must be one the JDK provides
        assertThat(Security.getAlgorithms("MessageDigest")).contains(algorithm.jcaName());
        assertThat(algorithm.hexLength() * 4).isIn(256, 512);
    }
}

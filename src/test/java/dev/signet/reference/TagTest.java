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

class TagTest {

    @ParameterizedTest
    @ValueSource(strings = {"latest", "_", "A", "0", "v1.2.3-rc.1", "UPPER_lower-1.0", "a--b..c__d"})
    void parse_wellFormed_keepsText(String text) {
        assertThat(Tag.parse(text).name()).isEqualTo(text);
        assertThat(Tag.parse(text)).hasToString(text);
    }

    @Test
    void parse_atLengthLimit_succeeds() {
        assertThat(Tag.parse("t".repeat(Tag.MAX_LENGTH)).name()).hasSize(128);
    }

    static Stream<Arguments> malformedTags() {
        return Stream.of(
                argumentSet("empty", "", "tag is empty"),
                argumentSet("129 characters", "t".repeat(129), "tag is longer than 128 characters"),
                argumentSet("leading dot", ".hidden", "tag must start with a letter, digit or '_'"),
                argumentSet("leading dash", "-rc", "tag must start with a letter, digit or '_'"),
                argumentSet("slash", "a/b", "tag may contain only"),
                argumentSet("colon", "a:b", "tag may contain only"),
                argumentSet("plus", "1.0+build", "tag may contain only"),
                argumentSet("space", "a b", "tag may contain only"),
                argumentSet("non-ASCII letter", "caf\u00e9", "tag may contain only"),
                argumentSet("non-ASCII first", "\u00e9t\u00e9", "tag must start"));
    }

    @ParameterizedTest
    @MethodSource("malformedTags")
    void parse_malformed_fails(String text, String expectedCause) {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Tag.parse(text))
                .withMessageStartingWith("parse tag \"")
                .withMessageContaining(": " + expectedCause)
                .withMessageNotContaining("\n");
    }

    @Test
    void parse_null_failsAsEmpty() {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Tag.parse(null))
                .withMessage("parse tag \"\": tag is empty");
    }

    @Test
    void latest_constant_isDockerDefault() {
        assertThat(Tag.LATEST.name()).isEqualTo("latest");
        assertThat(Tag.parse("latest")).isEqualTo(Tag.LATEST);
    }
}

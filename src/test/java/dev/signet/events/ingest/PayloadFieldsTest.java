package dev.signet.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PayloadFieldsTest {
    private final PayloadFields fields = new PayloadFields("parse test payload");

    static Stream<Arguments> timestamps() {
        return Stream.of(
                Arguments.of("Go RFC3339Nano in UTC", "2024-05-14T09:12:33.125466871Z", "2024-05-14T09:12:33.125466871Z"),
                Arguments.of("negative offset", "2016-03-09T14:44:26.402973972-08:00", "2016-03-09T22:44:26.402973972Z"),
                Arguments.of("whole seconds", "2006-01-02T15:04:05Z", "2006-01-02T15:04:05Z"),
                Arguments.of("Go zero time means unknown", "0001-01-01T00:00:00Z", null),
                Arguments.of("the epoch itself means unknown", "1970-01-01T00:00:00Z", null),
                Arguments.of("absent", null, null),
                Arguments.of("empty", "", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timestamps")
    void timestamp_rfc3339_isNormalisedToUtc(String name, String text, String expected) {
        assertThat(fields.timestamp(text, "timestamp")).isEqualTo(expected);
    }

    @Test
    void timestamp_notRfc3339_failsQuotingTheValue() {
        assertThatThrownBy(() -> fields.timestamp("yesterday\nnoon", "events[0].timestamp"))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessage("parse test payload events[0].timestamp: \"yesterday\\u000anoon\" is not an RFC 3339 time");
    }

    static Stream<Arguments> epochs() {
        return Stream.of(
                Arguments.of("integer seconds", 1417566161L, "2014-12-03T00:22:41Z"),
                Arguments.of("float seconds, as old Docker Hub payloads", 1.417566161e9, "2014-12-03T00:22:41Z"),
                Arguments.of("fractional seconds", 1417566161.5, "2014-12-03T00:22:41.500Z"),
                Arguments.of("zero", 0L, null),
                Arguments.of("negative", -5L, null),
                Arguments.of("beyond year 9999", 1e15, null),
                Arguments.of("not a number", Double.NaN, null),
                Arguments.of("absent", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("epochs")
    void epochSeconds_number_isAnRfc3339TimeOrAbsent(String name, Number seconds, String expected) {
        assertThat(PayloadFields.epochSeconds(seconds)).isEqualTo(expected);
    }

    @Test
    void registryOfUrl_absoluteUrl_isItsAuthority() {
        assertThat(fields.registryOfUrl("https://ghcr.io/Codertocat", "registry.url").name()).isEqualTo("ghcr.io");
        assertThat(fields.registryOfUrl("http://[::1]:5000/v2/", "url").name()).isEqualTo("[::1]:5000");
    }

    @Test
    void registryOfUrl_credentialsInTheUrl_areRefusedNotCarried() {
        assertThatThrownBy(() -> fields.registryOfUrl("https://user:pass@registry.example.com/v2/", "url"))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageContaining("names no registry host");
    }

    @Test
    void registryOfUrl_relativeOrBrokenUrl_fails() {
        assertThatThrownBy(() -> fields.registryOfUrl("/v2/app/manifests/latest", "url")).hasMessageContaining("names no registry host");
        assertThatThrownBy(() -> fields.registryOfUrl("https://bad host/", "url")).hasMessageContaining("is not a URL");
    }

    @Test
    void optionalTag_emptyOrAbsent_isNoTag() {
        assertThat(fields.optionalTag("", "tag")).isEmpty();
        assertThat(fields.optionalTag(null, "tag")).isEmpty();
        assertThat(fields.optionalTag("v1.2", "tag")).hasValueSatisfying(tag -> assertThat(tag.name()).isEqualTo("v1.2"));
    }

    @Test
    void isDigest_harborsDigestInTagPlace_isRecognised() {
        assertThat(PayloadFields.isDigest("sha256:" + "a".repeat(64))).isTrue();
        assertThat(PayloadFields.isDigest("sha256-" + "a".repeat(64))).as("cosign's referrers tag is a tag").isFalse();
        assertThat(PayloadFields.isDigest("latest")).isFalse();
    }

    @Test
    void require_blankValue_failsNamingThePath() {
        assertThatThrownBy(() -> fields.require("  ", "push_data.tag"))
                .hasMessage("parse test payload push_data.tag: is missing");
    }

    @Test
    void quote_longOrHostileText_isCutAndEscaped() {
        assertThat(InvalidNotificationException.quote("a\"b\\c\u001b")).isEqualTo("\"a\\\"b\\\\c\\u001b\"");
        assertThat(InvalidNotificationException.quote("x".repeat(500))).hasSize(105).endsWith("...\"");
        assertThat(InvalidNotificationException.quote(null)).isEqualTo("null");
    }
}

package dev.signet.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SharedSecretTest {
    private final SharedSecret secret = new SharedSecret("t0ken-s3cret");

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("bearer", "Bearer t0ken-s3cret"),
                Arguments.of("bearer in lower case", "bearer t0ken-s3cret"),
                Arguments.of("bare token", "t0ken-s3cret"),
                Arguments.of("surrounding spaces", "  Bearer   t0ken-s3cret "),
                Arguments.of("basic with the token as password", basic("quay", "t0ken-s3cret")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void admits_secretInAnAcceptedForm_passes(String name, String header) {
        assertThat(secret.admits(header)).isTrue();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("absent", null),
                Arguments.of("empty", ""),
                Arguments.of("other token", "Bearer t0ken-s3cre"),
                Arguments.of("prefix of the token", "t0ken"),
                Arguments.of("token with a suffix", "Bearer t0ken-s3cretX"),
                Arguments.of("other scheme", "Token t0ken-s3cret"),
                Arguments.of("basic with the token as user", basic("t0ken-s3cret", "x")),
                Arguments.of("basic not base64", "Basic %%%"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void admits_anythingElse_fails(String name, String header) {
        assertThat(secret.admits(header)).isFalse();
    }

    @Test
    void construct_configuredWithTheBearerPrefix_acceptsTheSameHeaders() {
        assertThat(new SharedSecret("Bearer t0ken-s3cret").admits("Bearer t0ken-s3cret")).isTrue();
    }

    @Test
    void toString_neverShowsTheSecret() {
        assertThat(secret.toString()).doesNotContain("t0ken");
    }

    @Test
    void construct_blankSecret_isRefused() {
        assertThatThrownBy(() -> new SharedSecret("Bearer  ")).isInstanceOf(IllegalArgumentException.class);
    }
}

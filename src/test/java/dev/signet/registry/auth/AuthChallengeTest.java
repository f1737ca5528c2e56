package dev.signet.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void parse_dockerHubBearer_keepsQuotedCommasInScope() {
        List<AuthChallenge> challenges = AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:samalba/my-app:pull,push\"");

        assertThat(challenges).containsExactly(new AuthChallenge("bearer", Map.of(
                "realm", "https://auth.docker.io/token", "service", "registry.docker.io",
                "scope", "repository:samalba/my-app:pull,push")));
    }

    @Test
    void parse_basic_isCaseInsensitiveInSchemeAndNames() {
        AuthChallenge challenge = AuthChallenge.parse("BASIC Realm=\"Registry Realm\"").get(0);

        assertThat(challenge.isBasic()).isTrue();
        assertThat(challenge.param("realm")).contains("Registry Realm");
    }

    @Test
    void parse_twoChallengesInOneHeader_areSeparated() {
        List<AuthChallenge> challenges = AuthChallenge.parse("Basic realm=\"a, b\", Bearer realm=\"https://t.example/token\", error=invalid_token");

        assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
        assertThat(challenges.get(0).param("realm")).contains("a, b");
        assertThat(challenges.get(1).param("error")).contains("invalid_token");
    }

    @Test
    void parse_escapesAndSpaces_areUnderstood() {
        AuthChallenge challenge = AuthChallenge.parse("Bearer  realm = \"https://t.example/\\\"quoted\\\"\" ,  service=svc").get(0);

        assertThat(challenge.param("realm")).contains("https://t.example/\"quoted\"");
        assertThat(challenge.param("service")).contains("svc");
    }

    @Test
    void parse_garbage_yieldsWhatItCanWithoutLooping() {
        assertThat(AuthChallenge.parse("")).isEmpty();
        assertThat(AuthChallenge.parse(null)).isEmpty();
        assertThat(AuthChallenge.parse("\"unterminated")).isEmpty();
        assertThat(AuthChallenge.parse("Negotiate abc==")).extracting(AuthChallenge::scheme).containsExactly("negotiate");
        assertThat(AuthChallenge.parse("Bearer realm=\"https://t/unterminated")).singleElement()
                .satisfies(c -> assertThat(c.param("realm")).contains("https://t/unterminated"));
    }

    @Test
    void select_prefersBearerOverBasicAcrossHeaders() {
        assertThat(AuthChallenge.select(List.of("Basic realm=x", "Bearer realm=\"https://t\""))).get()
                .satisfies(c -> assertThat(c.isBearer()).isTrue());
        assertThat(AuthChallenge.select(List.of("Negotiate", "Basic realm=x"))).get()
                .satisfies(c -> assertThat(c.isBasic()).isTrue());
        assertThat(AuthChallenge.select(List.of("Negotiate"))).isEmpty();
    }
}

package dev.signet.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.reference.Registry;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void toString_neverShowsPasswordOrToken() {
        assertThat(Credentials.basic("alice", "pa55word").toString()).isEqualTo("Credentials[username=alice, password=<redacted>]");
        assertThat(Credentials.identityToken("alice", "tok-123").toString()).doesNotContain("tok-123");
    }

    @Test
    void basicAuthorization_isBase64OfUserColonPassword() {
        assertThat(Credentials.basic("Aladdin", "open sesame").basicAuthorization()).isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    @Test
    void new_withoutUserOrToken_orWithColonInUser_isRejected() {
        assertThatThrownBy(() -> Credentials.basic("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Credentials.basic("a:b", "x")).hasMessage("a registry username must not contain ':'");
    }

    @Test
    void chain_firstProviderWithAnAnswerWins() {
        Registry registry = Registry.parse("r.example");
        Credentials first = Credentials.basic("first", "1");
        CredentialProvider chain = ChainedCredentialProvider.of(CredentialProvider.anonymous(),
                StaticCredentialProvider.of(registry, first), StaticCredentialProvider.of(registry, Credentials.basic("second", "2")));

        assertThat(chain.forRegistry(registry)).contains(first);
        assertThat(chain.forRegistry(Registry.parse("other.example"))).isEmpty();
        assertThat(chain.toString()).doesNotContain("1]", "2]");
    }
}

package dev.signet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRefTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "k8s://signing/cosign.keys-1, Secret",
            "env://COSIGN_KEY, Env",
            "awskms://arn:aws:kms:eu-west-1:1:key/x, Uri",
            "hashivault://transit-key, Uri",
            "GCPKMS://projects/p/keys/k, Uri",
            "cosign.key, File",
            "/etc/keys/cosign.pub, File",
            "signet, File"})
    void parse_everyCosignForm_yieldsItsKindAndRoundTrips(String text, String kind) {
        KeyRef ref = KeyRef.parse(text);

        assertThat(ref.getClass().getSimpleName()).isEqualTo(kind);
        assertThat(ref.toString()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"k8s://signing/release, signing, release", "k8s://a/b.c-d, a, b.c-d"})
    void parse_secret_splitsNamespaceAndName(String text, String namespace, String name) {
        assertThat(KeyRef.parse(text)).isEqualTo(new KeyRef.Secret(namespace, name));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", " ", "k8s://ns", "k8s://ns/key/extra", "k8s:///key", "k8s://ns/", "k8s://NS/key", "k8s://ns/-key",
            "env://", "env://1ABC", "env://A-B"})
    void parse_malformed_isKeyNotFoundNamingTheReference(String text) {
        assertThatThrownBy(() -> KeyRef.parse(text))
                .isInstanceOfSatisfying(KeyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_NOT_FOUND))
                .hasMessageStartingWith("parse key reference \"");
    }

    @Test
    void parse_lengthIsBounded_andTheMessageQuotesOnlyAPrefix() {
        String huge = "k8s://ns/" + "a".repeat(KeyRef.MAX_LENGTH);

        assertThatThrownBy(() -> KeyRef.parse(huge))
                .hasMessageContaining("longer than " + KeyRef.MAX_LENGTH)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        assertThatThrownBy(() -> KeyRef.parse("k8s://ns/" + "a".repeat(254))).hasMessageContaining("DNS-1123 subdomain");
    }
}

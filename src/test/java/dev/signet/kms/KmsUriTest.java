package dev.signet.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.keys.KeyException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The references cosign's providers accept (their own examples, sigstore/sigstore {@code client.go}) parse; the rest do not. */
class KmsUriTest {

    static Stream<String> good() {
        return Stream.of("awskms:///1234abcd-12ab-34cd-56ef-1234567890ab", "awskms://localhost:4566/1234abcd-12ab-34cd-56ef-1234567890ab",
                "awskms:///arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "awskms://localhost:4566/arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "awskms:///alias/ExampleAlias",
                "awskms://localhost:4566/alias/ExampleAlias", "awskms:///arn:aws:kms:us-east-2:111122223333:alias/ExampleAlias",
                "gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k", "gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/3",
                "gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k/versions/3", "hashivault://cosign", "hashivault://my-key.v2", "hashivault://a", "openbao://cosign");
    }

    static Stream<String> bad() {
        return Stream.of("awskms://", "awskms:///", "awskms:///not-a-key", "awskms://arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "awskms:///arn:aws:kms:<< region >>:<< account id >>:key/<< key id >>", "gcpkms://projects/p/keyRings/r/cryptoKeys/k",
                "gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k/cryptoKeyVersions/", "hashivault://key/path", "hashivault://", "hashivault://-x",
                "hashivault://x-", "k8s://ns/name", "https://kms.example/key");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void parse_providerExamples_parseAndKeepTheirText(String text) {
        assertThat(KmsUri.isKms(text)).isTrue();
        assertThat(KmsUri.parse(text).text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void parse_malformed_isRefusedNamingTheForm(String text) {
        assertThatThrownBy(() -> KmsUri.parse(text)).isInstanceOf(KeyException.class).hasMessageStartingWith("parse KMS key reference ")
                .satisfies(e -> assertThat(((KeyException) e).reason()).isEqualTo(Reason.KEY_NOT_FOUND));
    }

    @Test
    void parse_aws_findsEndpointKeyAndTheArnsRegion() {
        KmsUri.Aws arn = (KmsUri.Aws) KmsUri.parse("awskms://localhost:4566/arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        KmsUri.Aws alias = (KmsUri.Aws) KmsUri.parse("awskms:///alias/ExampleAlias");

        assertThat(arn.endpoint()).isEqualTo("localhost:4566");
        assertThat(arn.keyId()).isEqualTo("arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(arn.region()).contains("us-east-2");
        assertThat(arn.isArn()).isTrue();
        assertThat(alias.endpoint()).isEmpty();
        assertThat(alias.keyId()).isEqualTo("alias/ExampleAlias");
        assertThat(alias.region()).isEqualTo(Optional.empty());
        assertThat(alias.isArn()).isFalse();
    }

    @Test
    void parse_gcp_withoutVersion_leavesTheChoiceToTheProvider() {
        KmsUri.Gcp key = (KmsUri.Gcp) KmsUri.parse("gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k");

        assertThat(key.cryptoKey()).isEqualTo("projects/p/locations/global/keyRings/r/cryptoKeys/k");
        assertThat(key.version()).isEmpty();
    }

    @Test
    void parse_azure_isKmsButUnsupported() {
        for (String text : new String[] {"azurekms://vault.example/key"}) {
            assertThat(KmsUri.isKms(text)).isTrue();
            assertThatThrownBy(() -> KmsUri.parse(text)).isInstanceOf(KeyException.class).hasMessageContaining("is not supported (awskms, gcpkms, hashivault and openbao are)")
                    .satisfies(e -> assertThat(((KeyException) e).reason()).isEqualTo(Reason.KEY_UNSUPPORTED));
        }
    }
}

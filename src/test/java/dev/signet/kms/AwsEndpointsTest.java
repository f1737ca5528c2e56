package dev.signet.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.KeyException;
import dev.signet.keys.SigningKey;
import dev.signet.testing.KmsServer;
import dev.signet.testing.TestCertificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code awskms://ENDPOINT/...} references, which a namespace admin may write into a Kyverno {@code Policy}, reach only
 * AWS's hosts and the endpoints the operator lists: a loopback KMS stands in for the endpoint a policy names.
 */
class AwsEndpointsTest {
    private static final String ARN = "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private final TestCertificate tls = TestCertificate.generate("127.0.0.1");
    private final SigningKey served = SigningKey.generate("kms");
    private final KmsServer server = KmsServer.start(tls, served.verificationKey().publicKey());
    private final AwsKms aws = new AwsKms(KmsHttp.create(Duration.ofSeconds(5), tls.trustingContext()),
            AwsCredentialSource.of(Optional.of(new AwsCredentials("AKIDEXAMPLE", "secret", Optional.of("session-token")))), Optional.empty(),
            Clock.systemUTC());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void publicKey_endpointNotListed_isRefusedBeforeAnyRequest() {
        AwsEndpoints guarded = new AwsEndpoints(aws, Set.of());

        assertThatThrownBy(() -> guarded.publicKey(KmsUri.parse("awskms://" + server.authority() + "/" + ARN)))
                .isInstanceOf(KeyException.class)
                .hasMessage("fetch KMS public key awskms://" + server.authority() + "/" + ARN + ": the reference names the endpoint "
                        + server.authority() + ", which is not an AWS host (*.amazonaws.com) and not listed in signet.kms.aws.endpoints; "
                        + "list it there if Signet may send it signed requests (they carry the access key id and any session token)");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void publicKey_endpointListed_byHostAndPort_orByHost_isAsked() {
        for (String listed : new String[] {server.authority(), "127.0.0.1"}) {
            AwsEndpoints guarded = new AwsEndpoints(aws, Set.of(" " + listed.toUpperCase() + " "));

            assertThat(guarded.publicKey(KmsUri.parse("awskms://" + server.authority() + "/" + ARN)).publicKey())
                    .isEqualTo(served.verificationKey().publicKey());
        }
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void allowed_awsOwnHosts_andNoOthers() {
        AwsEndpoints guarded = new AwsEndpoints(aws, Set.of("localstack:4566"));

        assertThat(guarded.allowed("kms.us-east-2.amazonaws.com")).isTrue();
        assertThat(guarded.allowed("kms-fips.us-gov-west-1.amazonaws.com:443")).isTrue();
        assertThat(guarded.allowed("vpce-0123-abcd.kms.eu-west-1.vpce.amazonaws.com")).isTrue();
        assertThat(guarded.allowed("kms.cn-north-1.amazonaws.com.cn")).isTrue();
        assertThat(guarded.allowed("localstack:4566")).isTrue();
        assertThat(guarded.allowed("localstack:4567")).isFalse();
        assertThat(guarded.allowed("amazonaws.com.attacker.example")).isFalse();
        assertThat(guarded.allowed("attacker.example")).isFalse();
        assertThat(guarded.allowed("kms.us-east-2.amazonaws.com@attacker.example")).isFalse();
    }

    @Test
    void publicKey_noEndpoint_goesToAwsItself_unguarded() {
        KmsPublicKeys recording = uri -> {
            throw new KeyException(dev.signet.Reason.KEY_NOT_FOUND, AwsKms.ACTION, uri.text(), "reached the provider");
        };

        assertThatThrownBy(() -> new AwsEndpoints(recording, Set.of()).publicKey(KmsUri.parse("awskms:///" + ARN)))
                .hasMessageEndingWith("reached the provider");
    }
}

package dev.signet.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.KeyException;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.testing.KmsServer;
import dev.signet.testing.TestCertificate;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AwsKms} against a loopback KMS over HTTPS: the request AWS expects, signed so that it verifies, and the key it serves. */
class AwsKmsTest {
    private static final String ARN = "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final AwsCredentials CREDENTIALS = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Optional.of("session"));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

    private final TestCertificate tls = TestCertificate.generate("127.0.0.1");
    private final SigningKey served = SigningKey.generate("kms");
    private final KmsServer server = KmsServer.start(tls, served.verificationKey().publicKey());
    private final KmsHttp http = KmsHttp.create(Duration.ofSeconds(5), tls.trustingContext());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void publicKey_arnWithEndpoint_sendsSignedGetPublicKey_andReturnsTheServedKey() {
        AwsKms aws = new AwsKms(http, AwsCredentialSource.of(Optional.of(CREDENTIALS)), Optional.empty(), CLOCK);

        VerificationKey key = aws.publicKey(KmsUri.parse("awskms://" + server.authority() + "/" + ARN));

        assertThat(key.publicKey()).isEqualTo(served.verificationKey().publicKey());
        KmsServer.Recorded request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo("/");
        assertThat(request.headers()).containsEntry("x-amz-target", "TrentService.GetPublicKey").containsEntry("content-type", "application/x-amz-json-1.1")
                .containsEntry("x-amz-security-token", "session").containsEntry("x-amz-date", "20261203T100000Z");
        assertThat(request.body()).isEqualTo("{\"KeyId\":\"" + ARN + "\"}");
        // the region is the ARN's, the service kms; and the signature verifies over what arrived on the wire
        String authorization = request.headers().get("authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261203/us-east-2/kms/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=");
        assertThat(authorization).endsWith("Signature=" + expectedSignature(request, "us-east-2"));
    }

    /** Recomputes the signature from the request as received: the headers it names, the body, the region and AWS's key derivation. */
    private static String expectedSignature(KmsServer.Recorded request, String region) {
        String authorization = request.headers().get("authorization");
        String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
        Map<String, String> headers = new TreeMap<>();
        Arrays.stream(signedHeaders.split(";")).forEach(name -> headers.put(name, request.headers().get(name)));
        String canonical = SigV4.canonicalRequest("POST", URI.create("https://" + headers.get("host") + request.pathAndQuery()), headers,
                SigV4.hex(SigV4.sha256(request.body().getBytes(StandardCharsets.UTF_8))));
        String date = headers.get("x-amz-date");
        String stringToSign = "AWS4-HMAC-SHA256\n" + date + "\n" + date.substring(0, 8) + "/" + region + "/kms/aws4_request\n"
                + SigV4.hex(SigV4.sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SigV4.signingKey(CREDENTIALS.secretAccessKey(), date.substring(0, 8), region, "kms"), "HmacSHA256"));
            return SigV4.hex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void publicKey_aliasWithoutArn_takesTheEnvironmentsRegion() {
        AwsKms aws = new AwsKms(http, AwsCredentialSource.of(Optional.of(CREDENTIALS)), Optional.of("eu-west-1"), CLOCK);

        aws.publicKey(KmsUri.parse("awskms://" + server.authority() + "/alias/cosign"));

        KmsServer.Recorded request = server.requests().get(0);
        assertThat(request.body()).isEqualTo("{\"KeyId\":\"alias/cosign\"}");
        assertThat(request.headers().get("authorization")).contains("/eu-west-1/kms/aws4_request");
        assertThat(request.headers().get("authorization")).endsWith("Signature=" + expectedSignature(request, "eu-west-1"));
    }

    @Test
    void publicKey_irsa_exchangesTheProjectedTokenWithSts_andSignsWithTheSessionCredentials(@TempDir Path dir) throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "eyJ.projected.token\n");
        StsWebIdentity irsa = new StsWebIdentity(http, server.uri("https"), "arn:aws:iam::111122223333:role/signet", token, "signet-kms", CLOCK);
        AwsKms aws = new AwsKms(http, irsa, Optional.empty(), CLOCK);

        aws.publicKey(KmsUri.parse("awskms://" + server.authority() + "/" + ARN));
        aws.publicKey(KmsUri.parse("awskms://" + server.authority() + "/" + ARN.replace("key/1234", "key/4321")));

        List<KmsServer.Recorded> requests = server.requests();
        // one exchange for both keys: the credentials are reused until shortly before they expire
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).body()).isEqualTo("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fsignet"
                + "&RoleSessionName=signet-kms&WebIdentityToken=eyJ.projected.token");
        assertThat(requests.get(0).headers()).doesNotContainKey("authorization");
        assertThat(requests.get(1).headers()).containsEntry("x-amz-security-token", KmsServer.STS_SESSION_TOKEN);
        assertThat(requests.get(1).headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + KmsServer.STS_ACCESS_KEY_ID + "/");
        assertThat(irsa.credentials("x").toString()).doesNotContain(KmsServer.STS_SECRET);
    }

    @Test
    void publicKey_irsaRefused_saysWhatStsAnswered() throws IOException {
        Path missing = Path.of("/nonexistent/token");
        AwsKms aws = new AwsKms(http, new StsWebIdentity(http, server.uri("https"), "arn:aws:iam::111122223333:role/signet", missing, "s", CLOCK),
                Optional.empty(), CLOCK);

        assertThatThrownBy(() -> aws.publicKey(KmsUri.parse("awskms://" + server.authority() + "/" + ARN)))
                .hasMessageStartingWith("assume role arn:aws:iam::111122223333:role/signet for awskms://" + server.authority() + "/" + ARN
                        + ": cannot read the web identity token /nonexistent/token");
    }

    @Test
    void publicKey_withoutCredentialsOrRegion_failsSayingWhatToSet() {
        AwsKms none = new AwsKms(http, AwsCredentialSource.of(Optional.empty()), Optional.empty(), CLOCK);
        AwsKms noRegion = new AwsKms(http, AwsCredentialSource.of(Optional.of(CREDENTIALS)), Optional.empty(), CLOCK);

        assertThatThrownBy(() -> none.publicKey(KmsUri.parse("awskms:///" + ARN))).isInstanceOf(KeyException.class)
                .hasMessage("fetch KMS public key awskms:///" + ARN + ": no AWS credentials; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and"
                        + " AWS_SESSION_TOKEN), or AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE (IRSA), in Signet's environment");
        assertThatThrownBy(() -> noRegion.publicKey(KmsUri.parse("awskms:///alias/cosign"))).hasMessageContaining("no region is set; name the key by its ARN, or set AWS_REGION");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void publicKey_kmsAnswersAnError_failsWithItsTypeAndMessage_neverTheSecret() {
        server.down(true);
        AwsKms aws = new AwsKms(http, AwsCredentialSource.of(Optional.of(CREDENTIALS)), Optional.empty(), CLOCK);

        assertThatThrownBy(() -> aws.publicKey(KmsUri.parse("awskms://" + server.authority() + "/" + ARN))).isInstanceOf(KeyException.class)
                .hasMessageStartingWith("fetch KMS public key awskms://" + server.authority() + "/" + ARN + ": AWS KMS answered 503: \"down for the test\"")
                .message().doesNotContain(CREDENTIALS.secretAccessKey()).doesNotContain("session");
    }

    @Test
    void publicKey_untrustedCertificate_isRefused() {
        AwsKms aws = new AwsKms(KmsHttp.create(Duration.ofSeconds(5), null), AwsCredentialSource.of(Optional.of(CREDENTIALS)), Optional.empty(), CLOCK);

        assertThatThrownBy(() -> aws.publicKey(KmsUri.parse("awskms://" + server.authority() + "/" + ARN))).isInstanceOf(KeyException.class)
                .hasMessageContaining("cannot reach 127.0.0.1");
    }
}

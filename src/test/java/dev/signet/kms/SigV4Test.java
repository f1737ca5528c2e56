package dev.signet.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The signer against independent data: AWS's Signature Version 4 test suite (AWS General Reference, "Signature
 * Version 4 test suite", credential scope {@code AKIDEXAMPLE/20150830/us-east-1/service/aws4_request}, secret
 * {@code wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY}) and the IAM {@code ListUsers} example of AWS's "Create a canonical
 * request" pages, with their published canonical-request hash, derived key and signature.
 */
class SigV4Test {
    private static final AwsCredentials EXAMPLE = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Optional.empty());
    private static final Instant AT = Instant.parse("2015-08-30T12:36:00Z");

    static Stream<Arguments> testSuite() {
        return Stream.of(
                Arguments.of("get-vanilla", "GET", "https://example.amazonaws.com/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
                Arguments.of("get-vanilla-query-order-key-case", "GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1",
                        "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
                Arguments.of("post-vanilla", "POST", "https://example.amazonaws.com/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testSuite")
    void sign_awsTestSuite_givesThePublishedAuthorization(String name, String method, String url, String signature) {
        Map<String, String> added = SigV4.sign(method, URI.create(url), Map.of("host", "example.amazonaws.com"), new byte[0], EXAMPLE, "us-east-1",
                "service", AT);

        assertThat(added).containsEntry("x-amz-date", "20150830T123600Z").doesNotContainKey("x-amz-security-token");
        assertThat(added.get("authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature=" + signature);
    }

    @Test
    void sign_iamListUsersExample_matchesEveryPublishedStep() {
        URI uri = URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08");
        Map<String, String> headers = new TreeMap<>(Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8", "host", "iam.amazonaws.com",
                "x-amz-date", "20150830T123600Z"));

        String canonical = SigV4.canonicalRequest("GET", uri, headers, SigV4.hex(SigV4.sha256(new byte[0])));
        Map<String, String> added = SigV4.sign("GET", uri, Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                "Host", "iam.amazonaws.com"), new byte[0], EXAMPLE, "us-east-1", "iam", AT);

        assertThat(SigV4.hex(SigV4.sha256(canonical.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
        assertThat(SigV4.hex(SigV4.signingKey(EXAMPLE.secretAccessKey(), "20150830", "us-east-1", "iam")))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
        assertThat(added.get("authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    @Test
    void sign_sessionToken_isSentAndSigned() {
        AwsCredentials session = new AwsCredentials("AKIDEXAMPLE", "secret", Optional.of("session-token"));

        Map<String, String> added = SigV4.sign("POST", URI.create("https://kms.eu-west-1.amazonaws.com/"), new LinkedHashMap<>(Map.of("host",
                "kms.eu-west-1.amazonaws.com")), "{}".getBytes(StandardCharsets.UTF_8), session, "eu-west-1", "kms", AT);

        assertThat(added).containsEntry("x-amz-security-token", "session-token");
        assertThat(added.get("authorization")).contains("/20150830/eu-west-1/kms/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, ");
    }

    @Test
    void credentials_toString_neverShowsTheSecretOrToken() {
        assertThat(new AwsCredentials("AKID", "very-secret", Optional.of("token-value")).toString()).contains("AKID").doesNotContain("very-secret",
                "token-value");
    }
}

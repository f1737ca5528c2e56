package dev.signet.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GitHubSignatureTest {

    /** GitHub's own worked example ("Validating webhook deliveries", "Testing the webhook payload validation"). */
    @Test
    void sign_documentedExample_matchesGitHubsValue() {
        String signature = GitHubSignature.sign("It's a Secret to Everybody", "Hello, World!".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void verify_signatureOfTheExactBody_passes() {
        byte[] body = WebhookFixtures.bytes("github/registry-package-published.json");

        assertThat(GitHubSignature.verify("s3cret", body, GitHubSignature.sign("s3cret", body))).isTrue();
    }

    @Test
    void verify_upperCaseHex_passes() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String signature = GitHubSignature.sign("s3cret", body);

        assertThat(GitHubSignature.verify("s3cret", body, "sha256=" + signature.substring(7).toUpperCase())).isTrue();
    }

    @Test
    void verify_bodyChangedByOneByte_fails() {
        byte[] body = WebhookFixtures.bytes("github/registry-package-published.json");
        String signature = GitHubSignature.sign("s3cret", body);
        body[body.length / 2] ^= 1;

        assertThat(GitHubSignature.verify("s3cret", body, signature)).isFalse();
    }

    @Test
    void verify_otherSecret_fails() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        assertThat(GitHubSignature.verify("s3cret", body, GitHubSignature.sign("other", body))).isFalse();
    }

    @Test
    void verify_missingMalformedOrSha1Header_fails() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        assertThat(GitHubSignature.verify("s3cret", body, null)).isFalse();
        assertThat(GitHubSignature.verify("s3cret", body, "")).isFalse();
        assertThat(GitHubSignature.verify("s3cret", body, "sha256=not-hex")).isFalse();
        assertThat(GitHubSignature.verify("s3cret", body, "sha256=abcd")).isFalse();
        assertThat(GitHubSignature.verify("s3cret", body, "sha1=" + GitHubSignature.sign("s3cret", body).substring(7))).isFalse();
    }
}

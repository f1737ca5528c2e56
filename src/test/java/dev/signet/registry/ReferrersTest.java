package dev.signet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.reference.Digest;
import org.junit.jupiter.api.Test;

class ReferrersTest {

    @Test
    void fallbackTag_sha256_isAlgorithmDashHex() {
        Digest digest = Digest.parse("sha256:" + "ab".repeat(32));

        assertThat(Referrers.fallbackTag(digest).name()).isEqualTo("sha256-" + "ab".repeat(32));
    }

    @Test
    void fallbackTag_sha512_isCutToTheTagLimit() {
        Digest digest = Digest.parse("sha512:" + "cd".repeat(64));

        assertThat(Referrers.fallbackTag(digest).name()).hasSize(128).startsWith("sha512-cdcd");
    }
}

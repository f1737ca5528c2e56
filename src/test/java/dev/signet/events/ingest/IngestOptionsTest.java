package dev.signet.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestOptionsTest {

    @Test
    void defaults_haveNoSecretsAndTheDocumentedLimits() {
        IngestOptions options = IngestOptions.defaults();

        assertThat(options.sharedSecret()).isEmpty();
        assertThat(options.githubSecret()).isEmpty();
        assertThat(options.dedupeWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.dedupeCapacity()).isEqualTo(10_000);
        assertThat(options.maxBodyBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void toString_saysWhetherSecretsAreSetButNeverWhatTheyAre() {
        String text = IngestOptions.defaults().withSharedSecret("shared-XYZ").withGithubSecret("github-XYZ").toString();

        assertThat(text).contains("sharedSecret=set", "githubSecret=set").doesNotContain("XYZ");
    }

    @Test
    void construct_blankSecrets_countAsAbsent() {
        IngestOptions options = IngestOptions.defaults().withSharedSecret("  ").withGithubSecret("");

        assertThat(options.sharedSecret()).isEmpty();
        assertThat(options.githubSecret()).isEmpty();
    }

    @Test
    void construct_outOfRangeValues_areRefused() {
        IngestOptions options = IngestOptions.defaults();

        assertThatThrownBy(() -> options.withDedupe(Duration.ofSeconds(-1), 10)).hasMessageContaining("dedupe-window");
        assertThatThrownBy(() -> options.withDedupe(Duration.ofSeconds(1), 0)).hasMessageContaining("dedupe-capacity");
        assertThatThrownBy(() -> options.withMaxBodyBytes(0)).hasMessageContaining("max-body");
        assertThatThrownBy(() -> options.withMaxBodyBytes(IngestOptions.MAX_BODY_BYTES_LIMIT + 1)).hasMessageContaining("max-body");
    }
}

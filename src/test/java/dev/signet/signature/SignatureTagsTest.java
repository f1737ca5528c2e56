package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.reference.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureTagsTest {
    private static final Digest DIGEST = Digest.parse("sha256:071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c81");

    @Test
    void tags_followCosignsNaming() {
        String base = "sha256-071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c81";

        assertThat(SignatureTags.signature(DIGEST)).isEqualTo(base + ".sig");
        assertThat(SignatureTags.attestation(DIGEST)).isEqualTo(base + ".att");
        assertThat(SignatureTags.sbom(DIGEST)).isEqualTo(base + ".sbom");
        assertThat(SignatureTags.referrers(DIGEST)).isEqualTo(base);
    }

    @ParameterizedTest
    @ValueSource(strings = {".sig", ".att", ".sbom", ""})
    void isDerived_cosignTags_areRecognised(String suffix) {
        assertThat(SignatureTags.isDerived("sha256-" + DIGEST.hex() + suffix)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "v1.sig", "sha256-abc.sig", "sha256-" + "A071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c8" + ".sig"})
    void isDerived_ordinaryTags_areNot(String tag) {
        assertThat(SignatureTags.isDerived(tag)).isFalse();
    }
}

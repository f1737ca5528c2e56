package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A signing rule grants a signature, so it matches only what identifies an image, under its canonical host. */
class SigningRuleTest {
    private static final String DIGEST = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static SigningRule rule(String glob) {
        return new SigningRule(List.of(ImagePattern.parse(glob)), "ci");
    }

    @Test
    void matches_globWithAnotherHostSpelling_matchesTheCanonicalHost() {
        ImageReference pushed = ImageReference.parse("ghcr.io/acme/app@" + DIGEST);

        assertThat(rule("GHCR.IO:443/acme/*").matches(pushed)).isTrue();
        assertThat(rule("registry-1.docker.io/library/*").matches(ImageReference.parse("nginx@" + DIGEST))).isTrue();
    }

    @Test
    void matches_tagBesideADigest_grantsNothing() {
        ImageReference disguised = ImageReference.parse("ghcr.io/acme/app:release@" + DIGEST);

        assertThat(rule("ghcr.io/acme/app:release").matches(disguised)).isFalse();
        assertThat(rule("ghcr.io/acme/app@" + DIGEST).matches(disguised)).isTrue();
    }

    @Test
    void matches_port80_mustBeNamed() {
        ImageReference pushed = ImageReference.parse("ghcr.io:80/acme/app@" + DIGEST);

        assertThat(rule("ghcr.io/*").matches(pushed)).isFalse();
        assertThat(rule("ghcr.io:80/*").matches(pushed)).isTrue();
    }
}

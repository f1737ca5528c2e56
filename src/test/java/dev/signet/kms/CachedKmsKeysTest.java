package dev.signet.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.keys.KeyException;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link CachedKmsKeys} over a fake KMS (our port): fetched once, refreshed late, kept through an outage, never invented. */
class CachedKmsKeysTest {
    private static final KmsUri URI = KmsUri.parse("hashivault://cosign");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final AtomicInteger asked = new AtomicInteger();
    private volatile VerificationKey serving = SigningKey.generate("a").verificationKey();
    private volatile boolean down;
    private volatile int refusing;

    /** A KMS that serves {@link #serving}, or fails while {@link #down}. */
    private final KmsPublicKeys fake = uri -> {
        asked.incrementAndGet();
        if (refusing != 0) {
            throw KmsRefusal.of(refusing, uri.text(), "Vault answered " + refusing + ": key disabled", null);
        }
        if (down) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "fetch KMS public key", uri.text(), "cannot reach vault.example: connection refused");
        }
        return serving;
    };

    /** Background refreshes run at once, on the caller's thread, so the test sees their effect. */
    private final CachedKmsKeys cache = new CachedKmsKeys(fake, clock, Duration.ofMinutes(10), Duration.ofSeconds(30), Runnable::run);

    @Test
    void publicKey_isFetchedOnce_thenServedFromMemory() {
        VerificationKey first = cache.publicKey(URI);
        clock.advance(Duration.ofMinutes(9));

        assertThat(cache.publicKey(URI)).isSameAs(first);
        assertThat(asked).hasValue(1);
    }

    @Test
    void publicKey_afterTheRefreshInterval_isFetchedAgain_andARotationIsAnnounced() {
        List<String> changed = new ArrayList<>();
        cache.onChange(changed::add);
        VerificationKey before = cache.publicKey(URI);
        serving = SigningKey.generate("b").verificationKey();
        clock.advance(Duration.ofMinutes(10));

        // the stale key answers this call while the refresh runs; the next sees the new key
        assertThat(cache.publicKey(URI)).isSameAs(before);
        assertThat(cache.publicKey(URI)).isSameAs(serving);
        assertThat(changed).containsExactly("hashivault://cosign");
        assertThat(asked).hasValue(2);
    }

    @Test
    void publicKey_kmsRefusesAfterTheFirstFetch_stopsServingTheKey_andAnnouncesIt_butAThrottledAnswerKeepsIt() {
        List<String> changed = new ArrayList<>();
        cache.onChange(changed::add);
        VerificationKey first = cache.publicKey(URI);
        refusing = 429; // throttled: an outage, not the KMS's word on the key
        clock.advance(Duration.ofMinutes(11));
        assertThat(cache.publicKey(URI)).isSameAs(first);
        assertThat(changed).isEmpty();

        refusing = 404; // deleted or disabled: a review finding kept serving it until restart
        clock.advance(Duration.ofMinutes(11));
        cache.publicKey(URI); // the stale key answers while the refresh runs, as for a rotation

        assertThat(changed).containsExactly("hashivault://cosign");
        assertThatThrownBy(() -> cache.publicKey(URI)).isInstanceOf(KeyException.class).hasMessageContaining("key disabled");
    }

    @Test
    void publicKey_kmsDownAfterTheFirstFetch_keepsTheLastKey_andSaysWhy() {
        VerificationKey first = cache.publicKey(URI);
        down = true;
        clock.advance(Duration.ofMinutes(11));

        assertThat(cache.publicKey(URI)).isSameAs(first);
        assertThat(cache.publicKey(URI)).isSameAs(first);
        assertThat(cache.staleBecause(URI)).hasValueSatisfying(why -> assertThat(why).contains("connection refused"));
        // retried after the retry interval, not by every call
        assertThat(asked).hasValue(2);
        clock.advance(Duration.ofSeconds(30));
        down = false;
        cache.publicKey(URI);
        assertThat(asked).hasValue(3);
        assertThat(cache.staleBecause(URI)).isEmpty();
    }

    @Test
    void publicKey_neverFetched_failsClosed_andIsNotAskedAgainUntilTheRetry() {
        down = true;

        assertThatThrownBy(() -> cache.publicKey(URI)).isInstanceOf(KeyException.class)
                .hasMessage("fetch KMS public key hashivault://cosign: cannot reach vault.example: connection refused");
        assertThatThrownBy(() -> cache.publicKey(URI)).hasMessageStartingWith("fetch KMS public key hashivault://cosign: the last attempt failed: ")
                .hasMessageEndingWith("; retried after 30 s");
        assertThat(asked).hasValue(1);

        down = false;
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.publicKey(URI)).isSameAs(serving);
        assertThat(asked).hasValue(2);
    }
}

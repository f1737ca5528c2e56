package dev.signet.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.reference.Repository;
import dev.signet.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final Scope pull = Scope.pull(Repository.parse("r.example/app"));
    private final Scope push = Scope.push(Repository.parse("r.example/app"));

    @Test
    void get_beforeExpiryLessMargin_returnsTheToken_thenForgetsIt() {
        TokenCache cache = new TokenCache(clock, 10);
        cache.put(pull, "t1", Duration.ofSeconds(300));

        clock.advance(Duration.ofSeconds(289));
        assertThat(cache.get(pull)).contains("t1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get(pull)).isEmpty();
    }

    @Test
    void get_isKeyedByScope() {
        TokenCache cache = new TokenCache(clock, 10);
        cache.put(pull, "read", Duration.ofSeconds(60));

        assertThat(cache.get(push)).isEmpty();
        assertThat(cache.get(Scope.pull(Repository.parse("other.example/app")))).isEmpty();
        assertThat(pull.toString()).isEqualTo("repository:app:pull");
        assertThat(push.toString()).isEqualTo("repository:app:pull,push");
    }

    @Test
    void put_beyondCapacity_evictsTheEldest() {
        TokenCache cache = new TokenCache(clock, 1);
        cache.put(pull, "read", Duration.ofSeconds(60));
        cache.put(push, "write", Duration.ofSeconds(60));

        assertThat(cache.get(pull)).isEmpty();
        assertThat(cache.get(push)).contains("write");
    }

    @Test
    void invalidate_dropsTheToken() {
        TokenCache cache = new TokenCache(clock, 10);
        cache.put(pull, "t", Duration.ofSeconds(60));
        cache.invalidate(pull);

        assertThat(cache.get(pull)).isEmpty();
    }
}

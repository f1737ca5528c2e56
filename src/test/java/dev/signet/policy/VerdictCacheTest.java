package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.reference.Digest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerdictCacheTest {
    private static final Digest DIGEST = Digest.parse("sha256:" + "a".repeat(64));
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final VerdictCache cache = new VerdictCache(Duration.ofMinutes(10), 100, ticker);

    private static VerdictCache.Key key(int rule) {
        return new VerdictCache.Key(DIGEST, "uid-1", "7", rule);
    }

    @Test
    void aPassIsKeptForTheTtl_thenVerifiedAgain() {
        VerdictCache.Lookup claim = cache.lookup(key(0));
        cache.complete(claim, RuleOutcome.pass("", "verified"));

        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        VerdictCache.Lookup warm = cache.lookup(key(0));
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        VerdictCache.Lookup expired = cache.lookup(key(0));

        assertThat(claim.claimed()).isTrue();
        assertThat(warm.claimed()).isFalse();
        assertThat(warm.future().join().status()).isEqualTo(RuleStatus.PASS);
        assertThat(expired.claimed()).isTrue();
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void concurrentLookups_shareTheFirstClaim_andAnErrorReachesThemButIsNotKept() {
        VerdictCache.Lookup claim = cache.lookup(key(1));
        VerdictCache.Lookup waiter = cache.lookup(key(1));

        cache.complete(claim, RuleOutcome.error("", "registry unreachable"));

        assertThat(waiter.claimed()).isFalse();
        assertThat(waiter.future().join().cause()).isEqualTo("registry unreachable");
        assertThat(cache.coalesced()).isEqualTo(1);
        assertThat(cache.lookup(key(1)).claimed()).as("the error was not kept").isTrue();
    }

    @Test
    void theCacheIsBounded_andAPolicyCanBeDropped() {
        for (int rule = 0; rule < 500; rule++) {
            cache.complete(cache.lookup(key(rule)), RuleOutcome.fail("", "no signatures found"));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(100);

        cache.invalidatePolicy("uid-1");

        assertThat(cache.size()).isZero();
    }
}

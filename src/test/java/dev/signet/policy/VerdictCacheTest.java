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
    void reclaim_afterASignatureIsStored_replacesAFailAndAVerificationUnderWay_butKeepsAPass() {
        cache.complete(cache.lookup(key(0)), RuleOutcome.fail("", "no signatures found"));
        VerdictCache.Lookup underWay = cache.lookup(key(1));
        VerdictCache.Lookup waiter = cache.lookup(key(1));
        cache.complete(cache.lookup(key(2)), RuleOutcome.pass("", "verified"));

        VerdictCache.Lookup afterFail = cache.reclaim(key(0));
        VerdictCache.Lookup afterUnderWay = cache.reclaim(key(1));
        VerdictCache.Lookup afterPass = cache.reclaim(key(2));
        VerdictCache.Lookup afterNothing = cache.reclaim(key(3));

        assertThat(afterFail.claimed()).as("a fail from before the signature is decided again").isTrue();
        assertThat(afterUnderWay.claimed()).as("a verification that may have missed the signature is decided again").isTrue();
        assertThat(afterPass.claimed()).isFalse();
        assertThat(afterPass.future().join().status()).isEqualTo(RuleStatus.PASS);
        assertThat(afterNothing.claimed()).isTrue();
        cache.complete(underWay, RuleOutcome.fail("", "no signatures found"));
        cache.complete(afterUnderWay, RuleOutcome.pass("", "verified"));
        assertThat(waiter.future().join().status()).as("who asked before the signature gets that answer").isEqualTo(RuleStatus.FAIL);
        assertThat(cache.lookup(key(1)).future().join().status()).as("the replaced verification's fail is not kept").isEqualTo(RuleStatus.PASS);
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

    @Test
    void aFailIsKeptOnlyForTheShorterFailTtl() {
        VerdictCache split = new VerdictCache(Duration.ofMinutes(10), Duration.ofSeconds(30), 100, ticker);
        split.complete(split.lookup(key(0)), RuleOutcome.fail("", "no signatures found"));
        split.complete(split.lookup(key(1)), RuleOutcome.pass("", "verified"));

        nanos.addAndGet(Duration.ofSeconds(31).toNanos());

        assertThat(split.lookup(key(0)).claimed()).as("the fail expired").isTrue();
        assertThat(split.lookup(key(1)).claimed()).as("the pass is kept").isFalse();
    }

    @Test
    void lookup_doesNotJoinAVerificationUnderWayForLongerThanItsBudget_butClaimsAfresh() {
        Duration budget = Duration.ofSeconds(10);
        VerdictCache.Lookup stuck = cache.lookup(key(0), budget);
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        VerdictCache.Lookup inTime = cache.lookup(key(0), budget);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());

        VerdictCache.Lookup late = cache.lookup(key(0), budget);
        VerdictCache.Lookup afterLate = cache.lookup(key(0), budget);
        cache.complete(late, RuleOutcome.pass("", "verified"));
        cache.complete(stuck, RuleOutcome.error("", "registry silent"));

        assertThat(inTime.claimed()).as("9 s under way is within a 10 s budget").isFalse();
        assertThat(late.claimed()).as("11 s under way is past it").isTrue();
        assertThat(afterLate.future()).isSameAs(late.future());
        assertThat(inTime.future().join().cause()).as("the old waiters get the old outcome").isEqualTo("registry silent");
        assertThat(cache.lookup(key(0), budget).future().join().status()).as("the stuck error did not drop the new pass")
                .isEqualTo(RuleStatus.PASS);
    }
}

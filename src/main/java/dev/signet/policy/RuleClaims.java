package dev.signet.policy;

import dev.signet.reference.Digest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The verdict-cache side of an evaluation: for a digest and the rules that cover it, which outcomes are known or in
 * flight, and which this evaluation has claimed and must decide (single-flight). Every claim is completed, whatever
 * happens: an unfinished claim would leave every later admission of the digest waiting on it.
 */
final class RuleClaims {
    private final VerdictCache cache;

    RuleClaims(VerdictCache cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** A cache key this evaluation claimed and must complete. */
    record Claim(CoveringRule covered, VerdictCache.Lookup lookup) {
    }

    /**
     * The lookups for an admission: an outcome future per rule, in order, and the claims among them. A rule asking for
     * what Signet cannot check is {@code error} at once and never cached.
     */
    record Lookups(List<CompletableFuture<RuleOutcome>> outcomes, List<Claim> claims) {
    }

    /** @param budget how long the admission may wait: a verification under way for longer is claimed afresh, not joined */
    Lookups lookup(Digest digest, List<CoveringRule> rules, Duration budget) {
        List<CompletableFuture<RuleOutcome>> outcomes = new ArrayList<>(rules.size());
        List<Claim> claims = new ArrayList<>();
        for (CoveringRule covered : rules) {
            if (covered.rule().unsupported().isPresent()) {
                outcomes.add(CompletableFuture.completedFuture(RuleOutcome.error("", covered.rule().unsupported().get())));
                continue;
            }
            VerdictCache.Lookup lookup = cache.lookup(covered.key(digest), budget);
            outcomes.add(lookup.future());
            if (lookup.claimed()) {
                claims.add(new Claim(covered, lookup));
            }
        }
        return new Lookups(outcomes, claims);
    }

    /**
     * Claims afresh, for a digest that was just signed, every rule whose kept outcome is not a {@code pass}
     * ({@link VerdictCache#reclaim}).
     */
    List<Claim> reclaim(Digest digest, List<CoveringRule> rules) {
        List<Claim> claims = new ArrayList<>();
        for (CoveringRule covered : rules) {
            VerdictCache.Lookup lookup = cache.reclaim(covered.key(digest));
            if (lookup.claimed()) {
                claims.add(new Claim(covered, lookup));
            }
        }
        return claims;
    }

    /** Completes every claim: with its decided outcome, else with {@code error}. */
    void complete(List<Claim> claims, Map<Claim, RuleOutcome> decided) {
        for (Claim claim : claims) {
            cache.complete(claim.lookup(), decided.getOrDefault(claim, RuleOutcome.error("", "verification did not complete")));
        }
    }

    /** Completes every claim with the same outcome (the verifier is overloaded, the work was refused). */
    void completeAll(List<Claim> claims, RuleOutcome outcome) {
        claims.forEach(claim -> cache.complete(claim.lookup(), outcome));
    }
}

package dev.signet.policy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.SignetException;
import dev.signet.conditions.ConditionsEvaluator;
import dev.signet.conditions.Limits;
import dev.signet.keys.KeyProvider;
import dev.signet.reference.Digest;
import dev.signet.reference.DigestAlgorithm;
import dev.signet.reference.ImageReference;
import dev.signet.verification.Deadline;
import dev.signet.verification.RegistryLanes;
import dev.signet.verification.SignatureFetcher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decides whether an object's images may run (policy.md, Semantics). Per distinct image: the covering rules of
 * the applicable policies are found, the image is resolved to a digest once, every rule is looked up in the
 * {@link VerdictCache}, and the rules not cached are decided together ({@link ClaimDecider}) from one fetch of the
 * image's signatures. Images are checked concurrently; the verdict is weighed once at the end. Whatever has not
 * finished when the budget runs out is {@code error}, weighed by its policy's failurePolicy.
 */
public final class PolicyEvaluator {
    /** How long pre-warming may spend on one signed digest; no admission waits on it. */
    static final Duration PREWARM_BUDGET = Duration.ofMinutes(1);

    private final RuleClaims claims;
    private final ClaimDecider decider;
    private final Findings findings;
    private final RegistryLanes lanes;
    private final TagResolutions tags;
    private final RequestBinding binding = new RequestBinding();

    /** Every task straight to {@code executor}, whatever registry it names; tag resolutions shared by concurrent admissions only. */
    public PolicyEvaluator(SignatureFetcher signatures, KeyProvider keys, VerdictCache cache, Executor executor, FailurePolicy defaultFailurePolicy) {
        this(signatures, keys, cache, RegistryLanes.direct(executor), defaultFailurePolicy, Duration.ZERO, Ticker.systemTicker());
    }

    /** Every task straight to {@code executor}, with named trusted roots from {@code roots} (the command line). */
    public PolicyEvaluator(SignatureFetcher signatures, KeyProvider keys, TrustedRoots roots, VerdictCache cache, Executor executor,
            FailurePolicy defaultFailurePolicy) {
        this(signatures, keys, roots, cache, RegistryLanes.direct(executor), defaultFailurePolicy, Duration.ZERO, Ticker.systemTicker());
    }

    /** Every task straight to {@code executor}, whatever registry it names. */
    public PolicyEvaluator(SignatureFetcher signatures, KeyProvider keys, VerdictCache cache, Executor executor, FailurePolicy defaultFailurePolicy,
            Duration tagTtl, Ticker ticker) {
        this(signatures, keys, cache, RegistryLanes.direct(executor), defaultFailurePolicy, tagTtl, ticker);
    }

    /** Tag resolutions shared by concurrent admissions only, never reused afterwards. */
    public PolicyEvaluator(SignatureFetcher signatures, KeyProvider keys, VerdictCache cache, RegistryLanes lanes, FailurePolicy defaultFailurePolicy) {
        this(signatures, keys, cache, lanes, defaultFailurePolicy, Duration.ZERO, Ticker.systemTicker());
    }

    /**
     * @param lanes run each registry's resolutions and verifications within its share of the threads
     * @param tagTtl how long the mutating webhook may reuse a tag's resolution for an image it pins (zero: never); an
     *     image it does not end up pinning is resolved again, so no verdict speaks for a digest other than the one run
     */
    public PolicyEvaluator(SignatureFetcher signatures, KeyProvider keys, VerdictCache cache, RegistryLanes lanes, FailurePolicy defaultFailurePolicy,
            Duration tagTtl, Ticker ticker) {
        this(signatures, keys, TrustedRoots.none(), cache, lanes, defaultFailurePolicy, tagTtl, ticker);
    }

    /**
     * @param roots where keyless entries' named trusted roots ({@code trustedRootRef}) are found; with
     *     {@link TrustedRoots#none()} such entries are {@code error}
     */
    public PolicyEvaluator(SignatureFetcher signatures, KeyProvider keys, TrustedRoots roots, VerdictCache cache, RegistryLanes lanes,
            FailurePolicy defaultFailurePolicy, Duration tagTtl, Ticker ticker) {
        Objects.requireNonNull(signatures, "signatures");
        this.claims = new RuleClaims(cache);
        this.decider = new ClaimDecider(signatures, keys, roots, claims, new ConditionsEvaluator(Limits.defaults(), Clock.systemUTC()));
        this.findings = new Findings(Objects.requireNonNull(defaultFailurePolicy, "defaultFailurePolicy"));
        this.lanes = Objects.requireNonNull(lanes, "lanes");
        this.tags = new TagResolutions(signatures::resolve, lanes, tagTtl, ticker);
    }

    /**
     * Evaluates an admission as the whole chain decides it, mutating webhook first: a tag-only image under
     * {@code mutateDigest} passes pinned ({@code policy test}, and the mutating webhook itself).
     *
     * @param budget how long the evaluation may take; unfinished checks become {@code error}
     */
    public Verdict evaluate(AdmissionSubject subject, List<PodSpecs.ContainerImage> images, PolicySet policies, Duration budget) {
        return evaluate(subject, images, policies, budget, AdmissionPhase.MUTATING);
    }

    /**
     * Evaluates an admission: every image of the object under every applicable policy, as the given webhook asks.
     *
     * @param budget how long the evaluation may take; unfinished checks become {@code error}
     * @param phase at {@link AdmissionPhase#VALIDATING}, a tag-only image is {@code fail} under every rule that
     *     requires a digest ({@code verifyDigest}), without a registry request: the mutating webhook did not pin it
     */
    public Verdict evaluate(AdmissionSubject subject, List<PodSpecs.ContainerImage> images, PolicySet policies, Duration budget, AdmissionPhase phase) {
        return evaluate(subject, images, policies, budget, phase, Optional.empty());
    }

    /**
     * Evaluates an admission with its request in hand: Kyverno policies whose keys or identities read the request
     * ({@code request.*}, {@code images.*}) are substituted and compiled for it ({@link RequestBinding}); without it,
     * such entries are {@code error}.
     */
    public Verdict evaluate(AdmissionSubject subject, List<PodSpecs.ContainerImage> images, PolicySet policies, Duration budget, AdmissionPhase phase,
            Optional<RequestContext> request) {
        return evaluate(subject, extraction -> extraction.podSpecs() ? images : List.of(), policies, budget, phase, request);
    }

    /** {@link #evaluate(AdmissionSubject, AdmittedImages, PolicySet, Duration, AdmissionPhase, Optional)} without a request. */
    public Verdict evaluate(AdmissionSubject subject, AdmittedImages images, PolicySet policies, Duration budget, AdmissionPhase phase) {
        return evaluate(subject, images, policies, budget, phase, Optional.empty());
    }

    /**
     * Evaluates an admission whose images each rule reads its own way: with its {@code imageExtractors} for the
     * object's kind, else from the pod spec (Kyverno's per-rule extraction). An image is checked once, under every
     * rule whose reading found it; a reading that fails is {@code error} under the rules that asked for it.
     *
     * @param images the images to verify as each reading finds them; the pod spec's are always asked for, so that
     *     an image no rule covers is reported as such
     * @param request the admission request, for policies whose keys or identities read it; empty: such entries are
     *     {@code error}
     */
    public Verdict evaluate(AdmissionSubject subject, AdmittedImages images, PolicySet policies, Duration budget, AdmissionPhase phase,
            Optional<RequestContext> request) {
        ImageReadings readings = ImageReadings.of(subject, images, policies, policy -> request.map(given -> binding.bind(policy, given)).orElse(policy));
        return decide(readings.checks(), readings.unreadable(), budget, phase, phase == AdmissionPhase.MUTATING);
    }

    /**
     * Evaluates one image against every policy (or the one named) regardless of namespace: the CI gate of
     * {@code image.verification.requested}.
     */
    public Verdict evaluateImage(String image, PolicySet policies, Optional<String> policyName, Duration budget) {
        List<CoveringRule> rules = new ArrayList<>();
        for (CompiledPolicy policy : policies.policies()) {
            if (policyName.isEmpty() || policyName.get().equals(policy.id().name()) || policyName.get().equals(policy.id().displayName())) {
                policy.rules().forEach(rule -> rules.add(new CoveringRule(policy, rule)));
            }
        }
        return decide(List.of(ImageCheck.of(image, List.of(""), rules)), List.of(), budget, AdmissionPhase.MUTATING, false);
    }

    /**
     * Pre-warms the cache for a freshly signed digest: every rule of every policy that covers the image is decided
     * now, so the first admission is a hit. Namespace selection is not known here, so every covering rule is warmed.
     * A {@code fail} cached before the signature was stored (a pod admitted between push and signing) is decided
     * again, as is a verification still under way: otherwise the image would stay denied for the cache TTL.
     *
     * @return how many rule outcomes were computed
     */
    public CompletableFuture<Integer> prewarm(ImageReference signed, PolicySet policies) {
        Digest digest = signed.digest().orElseThrow(() -> new IllegalArgumentException("pre-warming needs a digest reference"));
        List<CoveringRule> rules = new ArrayList<>();
        for (CompiledPolicy policy : policies.policies()) {
            for (ImageRule rule : policy.rules()) {
                if (rule.unsupported().isEmpty() && rule.covers(signed)) {
                    rules.add(new CoveringRule(policy, rule));
                }
            }
        }
        if (rules.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        return CompletableFuture.supplyAsync(() -> {
            List<RuleClaims.Claim> claimed = claims.reclaim(digest, rules);
            decider.decide(signed.context(), digest, claimed, Deadline.after(PREWARM_BUDGET));
            return claimed.size();
        }, lanes.of(signed.registry()));
    }

    /**
     * @param already findings made before any image was checked (an extraction that failed)
     * @param patched whether the caller applies the verdict's pins (the mutating webhook), so a tag may be resolved from a kept answer
     */
    private Verdict decide(List<ImageCheck> checks, List<ImageFinding> already, Duration budget, AdmissionPhase phase, boolean patched) {
        Deadline deadline = Deadline.after(budget);
        List<ImageFinding> found = new ArrayList<>(already);
        List<ImageCheck> verified = new ArrayList<>(checks.size());
        for (ImageCheck check : checks) {
            ImageCheck remaining = check;
            if (phase == AdmissionPhase.VALIDATING && check.tagOnly()) {
                // Kyverno's validate step ("missing digest"): the tag's digest now proves nothing of what the kubelet pulls
                check.rules().stream().filter(covered -> covered.rule().verifyDigest()).forEach(covered -> found.add(Findings.unpinned(check, covered)));
                remaining = check.withRules(check.rules().stream().filter(covered -> !covered.rule().verifyDigest()).toList());
                if (remaining.rules().isEmpty() && !check.rules().isEmpty()) {
                    continue;
                }
            }
            verified.add(remaining);
        }
        List<CompletableFuture<List<ImageFinding>>> futures = new ArrayList<>(verified.size());
        for (ImageCheck check : verified) {
            futures.add(check(check, budget, deadline, patched));
        }
        for (int i = 0; i < verified.size(); i++) {
            found.addAll(await(futures.get(i), verified.get(i), deadline, budget));
        }
        return Verdict.of(found, phase == AdmissionPhase.MUTATING ? Findings.pins(checks, found) : List.of());
    }

    private List<ImageFinding> await(CompletableFuture<List<ImageFinding>> future, ImageCheck check, Deadline deadline, Duration budget) {
        try {
            return future.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return findings.errors(check, "verification did not finish within " + budget.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return findings.errors(check, "verification was interrupted");
        } catch (ExecutionException e) {
            return findings.errors(check, "verification failed: " + e.getCause());
        }
    }

    private CompletableFuture<List<ImageFinding>> check(ImageCheck check, Duration budget, Deadline deadline, boolean patched) {
        if (check.reference().isEmpty()) {
            return CompletableFuture.completedFuture(findings.unverifiable(check));
        }
        if (check.rules().isEmpty()) {
            return CompletableFuture.completedFuture(List.of(findings.uncovered(check)));
        }
        ImageReference reference = check.reference().get();
        if (reference.digest().isPresent()) {
            // pinned images need no registry request on a warm cache: decide in the caller's thread
            return outcomes(check, reference, reference.digest().get(), budget, deadline, true);
        }
        return resolveTag(check, reference, budget, deadline, patched && Findings.pinnable(check));
    }

    /**
     * Resolves the tag (joining a HEAD under way, or reusing a kept answer when {@code reuse}) and decides its digest.
     * A reused answer counts only if the image ends up pinned to the digest judged; otherwise it is resolved afresh.
     */
    private CompletableFuture<List<ImageFinding>> resolveTag(ImageCheck check, ImageReference reference, Duration budget, Deadline deadline,
            boolean reuse) {
        Thread caller = Thread.currentThread();
        try {
            return tags.resolve(reference, reuse, budget, deadline)
                    .thenCompose(resolved -> outcomes(check, reference, resolved.digest(), budget, deadline, Thread.currentThread() == caller)
                            .thenCompose(found -> resolved.fresh() || Findings.pinned(check, found) ? CompletableFuture.completedFuture(found)
                                    : resolveTag(check, reference, budget, deadline, false)))
                    .exceptionally(failure -> findings.errors(check, causeOf(failure)));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(findings.errors(check, overloaded(e)));
        }
    }

    /** @param inCaller whether this runs in the admission's thread, which must not make registry requests */
    private CompletableFuture<List<ImageFinding>> outcomes(ImageCheck check, ImageReference reference, Digest digest, Duration budget,
            Deadline deadline, boolean inCaller) {
        if (digest.algorithm() != DigestAlgorithm.SHA256) {
            // written so, or answered so by the registry for a tag: asking again cannot change it, so it is no error
            return CompletableFuture.completedFuture(Findings.unsignable(check, reference, digest));
        }
        RuleClaims.Lookups lookups = claims.lookup(digest, check.rules(), budget);
        List<RuleClaims.Claim> claimed = lookups.claims();
        if (!claimed.isEmpty()) {
            if (inCaller) {
                try {
                    lanes.execute(reference.registry(), () -> decider.decide(reference.context(), digest, claimed, deadline));
                } catch (RejectedExecutionException e) {
                    claims.completeAll(claimed, RuleOutcome.error("", overloaded(e)));
                }
            } else {
                decider.decide(reference.context(), digest, claimed, deadline); // already on the executor, after the HEAD
            }
        }
        List<CompletableFuture<RuleOutcome>> outcomes = lookups.outcomes();
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<ImageFinding> found = new ArrayList<>(outcomes.size());
            for (int i = 0; i < outcomes.size(); i++) {
                found.add(Findings.of(check, reference, digest, check.rules().get(i), outcomes.get(i).join()));
            }
            return found;
        });
    }

    /** The error for refused work: which line was full when the registry's share of the threads refused it. */
    private static String overloaded(RejectedExecutionException e) {
        return e instanceof RegistryLanes.Full full ? "the verifier is overloaded: " + full.getMessage() + "; retry" : "the verifier is overloaded; retry";
    }

    private static String causeOf(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof SignetException ? cause.getMessage() : "verification failed: " + cause;
    }
}

package dev.signet.policy;

import dev.signet.SignetException;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.reference.Repository;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.SignatureLayout;
import dev.signet.verification.ImageVerifier;
import dev.signet.verification.SignatureCheck;
import dev.signet.verification.VerificationRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Decides whether an object's images may run (policy.md, Semantics). Per distinct image: the covering rules of
 * the applicable policies are found, the image is resolved to a digest once, every rule is looked up in the
 * {@link VerdictCache}, and the rules not cached are decided together from one fetch of the image's signatures,
 * checked against the union of their keys. Images are checked concurrently; the verdict is weighed once at the end.
 * Whatever has not finished when the budget runs out is {@code error}, weighed by its policy's failurePolicy.
 */
public final class PolicyEvaluator {
    private final RegistryClient registry;
    private final ImageVerifier verifier;
    private final KeyProvider keys;
    private final VerdictCache cache;
    private final Executor executor;
    private final FailurePolicy defaultFailurePolicy;

    public PolicyEvaluator(RegistryClient registry, KeyProvider keys, VerdictCache cache, Executor executor, FailurePolicy defaultFailurePolicy) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.verifier = new ImageVerifier(registry);
        this.keys = Objects.requireNonNull(keys, "keys");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.defaultFailurePolicy = Objects.requireNonNull(defaultFailurePolicy, "defaultFailurePolicy");
    }

    /** A rule with the policy it belongs to. */
    private record Covered(CompiledPolicy policy, ImageRule rule) {
    }

    /** One distinct image of the object, the fields that hold it, and the rules that cover it. */
    private record ImageCheck(String written, List<String> pointers, Optional<ImageReference> reference, List<Covered> rules) {
    }

    /**
     * Evaluates an admission: every image of the object under every applicable policy.
     *
     * @param budget how long the evaluation may take; unfinished checks become {@code error}
     */
    public Verdict evaluate(AdmissionSubject subject, List<PodSpecs.ContainerImage> images, PolicySet policies, Duration budget) {
        List<Covered> rules = new ArrayList<>();
        for (CompiledPolicy policy : policies.applicable(subject)) {
            for (ImageRule rule : policy.rules()) {
                if (Selection.selects(rule.match(), rule.exclude(), subject)) {
                    rules.add(new Covered(policy, rule));
                }
            }
        }
        Map<String, List<String>> pointers = new LinkedHashMap<>();
        for (PodSpecs.ContainerImage image : images) {
            pointers.computeIfAbsent(image.image(), written -> new ArrayList<>()).add(image.pointer());
        }
        List<ImageCheck> checks = new ArrayList<>(pointers.size());
        pointers.forEach((written, at) -> checks.add(prepare(written, at, rules)));
        return decide(checks, budget);
    }

    /**
     * Evaluates one image against every policy (or the one named) regardless of namespace: the CI gate of
     * {@code image.verification.requested}.
     */
    public Verdict evaluateImage(String image, PolicySet policies, Optional<String> policyName, Duration budget) {
        List<Covered> rules = new ArrayList<>();
        for (CompiledPolicy policy : policies.policies()) {
            if (policyName.isEmpty() || policyName.get().equals(policy.id().name()) || policyName.get().equals(policy.id().displayName())) {
                policy.rules().forEach(rule -> rules.add(new Covered(policy, rule)));
            }
        }
        return decide(List.of(prepare(image, List.of(""), rules)), budget);
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
        List<Covered> rules = new ArrayList<>();
        for (CompiledPolicy policy : policies.policies()) {
            for (ImageRule rule : policy.rules()) {
                if (rule.unsupported().isEmpty() && rule.covers(signed)) {
                    rules.add(new Covered(policy, rule));
                }
            }
        }
        if (rules.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        return CompletableFuture.supplyAsync(() -> {
            List<Claim> claims = new ArrayList<>();
            for (Covered covered : rules) {
                VerdictCache.Lookup lookup = cache.reclaim(key(digest, covered));
                if (lookup.claimed()) {
                    claims.add(new Claim(covered, lookup));
                }
            }
            decideClaims(signed, digest, claims);
            return claims.size();
        }, executor);
    }

    private ImageCheck prepare(String written, List<String> pointers, List<Covered> rules) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(written);
        } catch (InvalidReferenceException e) {
            return new ImageCheck(written, pointers, Optional.empty(), List.of());
        }
        List<Covered> covering = rules.stream().filter(covered -> covered.rule().covers(reference)).toList();
        return new ImageCheck(written, pointers, Optional.of(reference), covering);
    }

    private Verdict decide(List<ImageCheck> checks, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<CompletableFuture<List<ImageFinding>>> futures = new ArrayList<>(checks.size());
        for (ImageCheck check : checks) {
            futures.add(check(check));
        }
        List<ImageFinding> findings = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            findings.addAll(await(futures.get(i), checks.get(i), deadline, budget));
        }
        List<Verdict.JsonPatchOperation> pins = new ArrayList<>();
        for (ImageCheck check : checks) {
            pinOf(check, findings).ifPresent(pinned -> check.pointers().stream().filter(pointer -> !pointer.isEmpty())
                    .forEach(pointer -> pins.add(new Verdict.JsonPatchOperation("replace", pointer, pinned))));
        }
        return Verdict.of(findings, pins);
    }

    private List<ImageFinding> await(CompletableFuture<List<ImageFinding>> future, ImageCheck check, long deadline, Duration budget) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return errors(check, Optional.empty(), "verification did not finish within " + budget.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return errors(check, Optional.empty(), "verification was interrupted");
        } catch (ExecutionException e) {
            return errors(check, Optional.empty(), "verification failed: " + e.getCause());
        }
    }

    /** {@code repo:tag@sha256:..} for a tag-only image that an Enforce rule with mutateDigest verified. */
    private static Optional<String> pinOf(ImageCheck check, List<ImageFinding> findings) {
        if (check.reference().isEmpty() || check.reference().get().digest().isPresent()) {
            return Optional.empty();
        }
        return findings.stream()
                .filter(finding -> finding.image().equals(check.written()) && finding.result() == RuleStatus.PASS && finding.pinsDigest())
                .flatMap(finding -> finding.digest().stream())
                .findFirst()
                .map(digest -> check.written() + "@" + digest);
    }

    private CompletableFuture<List<ImageFinding>> check(ImageCheck check) {
        String pointer = check.pointers().get(0);
        if (check.reference().isEmpty()) {
            return CompletableFuture.completedFuture(List.of(new ImageFinding(check.written(), pointer, Optional.empty(), RuleStatus.ERROR,
                    Optional.empty(), "", "not a valid image reference", EnforcementAction.ENFORCE, defaultFailurePolicy, false)));
        }
        if (check.rules().isEmpty()) {
            return CompletableFuture.completedFuture(List.of(new ImageFinding(check.written(), pointer, Optional.empty(), RuleStatus.SKIP,
                    Optional.empty(), "", "no policy rule covers this image", EnforcementAction.AUDIT, FailurePolicy.IGNORE, false)));
        }
        ImageReference reference = check.reference().get();
        if (reference.digest().isPresent()) {
            // pinned images need no registry request on a warm cache: decide in the caller's thread
            return findings(check, reference, reference.digest().get());
        }
        try {
            return CompletableFuture.supplyAsync(() -> resolve(reference), executor)
                    .thenCompose(digest -> findings(check, reference, digest))
                    .exceptionally(failure -> errors(check, Optional.empty(), causeOf(failure)));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(errors(check, Optional.empty(), "the verifier is overloaded; retry"));
        }
    }

    /** Resolves a tag with one manifest HEAD; everything after uses the digest. */
    private Digest resolve(ImageReference reference) {
        Optional<Descriptor> descriptor = registry.headManifest(reference);
        return descriptor.orElseThrow(() -> new ImageNotFoundException(reference)).digest();
    }

    private CompletableFuture<List<ImageFinding>> findings(ImageCheck check, ImageReference reference, Digest digest) {
        List<CompletableFuture<RuleOutcome>> outcomes = new ArrayList<>(check.rules().size());
        List<Claim> claims = new ArrayList<>();
        for (Covered covered : check.rules()) {
            if (covered.rule().unsupported().isPresent()) {
                outcomes.add(CompletableFuture.completedFuture(RuleOutcome.error("", covered.rule().unsupported().get())));
                continue;
            }
            VerdictCache.Lookup lookup = cache.lookup(key(digest, covered));
            outcomes.add(lookup.future());
            if (lookup.claimed()) {
                claims.add(new Claim(covered, lookup));
            }
        }
        if (!claims.isEmpty()) {
            if (reference.digest().isPresent()) {
                try {
                    executor.execute(() -> decideClaims(reference, digest, claims));
                } catch (RejectedExecutionException e) {
                    claims.forEach(claim -> cache.complete(claim.lookup(), RuleOutcome.error("", "the verifier is overloaded; retry")));
                }
            } else {
                decideClaims(reference, digest, claims); // already on the executor, after the HEAD
            }
        }
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<ImageFinding> findings = new ArrayList<>(outcomes.size());
            for (int i = 0; i < outcomes.size(); i++) {
                findings.add(finding(check, reference, digest, check.rules().get(i), outcomes.get(i).join()));
            }
            return findings;
        });
    }

    private ImageFinding finding(ImageCheck check, ImageReference reference, Digest digest, Covered covered, RuleOutcome outcome) {
        ImageRule rule = covered.rule();
        RuleStatus status = outcome.status();
        String cause = outcome.cause();
        String where = outcome.path().startsWith(rule.path() + ".") ? outcome.path().substring(rule.path().length() + 1) : outcome.path();
        if (status == RuleStatus.PASS && rule.verifyDigest() && reference.digest().isEmpty() && !rule.pinsDigest()) {
            status = RuleStatus.FAIL;
            cause = "the image is not pinned by digest (verifyDigest) and this rule does not pin it";
            where = "";
        }
        // required: false asks "verify if you can": a fail is reported, not enforced
        EnforcementAction action = rule.required() ? rule.action() : EnforcementAction.AUDIT;
        String rulePath = where.isEmpty() ? rule.path() : rule.path() + ", " + where;
        return new ImageFinding(check.written(), check.pointers().get(0), Optional.of(digest), status, Optional.of(covered.policy().id()), rulePath,
                cause, action, covered.policy().failurePolicy(), rule.pinsDigest());
    }

    private List<ImageFinding> errors(ImageCheck check, Optional<Digest> digest, String cause) {
        List<ImageFinding> findings = new ArrayList<>();
        for (Covered covered : check.rules()) {
            findings.add(new ImageFinding(check.written(), check.pointers().get(0), digest, RuleStatus.ERROR, Optional.of(covered.policy().id()),
                    covered.rule().path(), cause, covered.rule().action(), covered.policy().failurePolicy(), false));
        }
        if (findings.isEmpty()) {
            findings.add(new ImageFinding(check.written(), check.pointers().get(0), digest, RuleStatus.ERROR, Optional.empty(), "", cause,
                    EnforcementAction.ENFORCE, defaultFailurePolicy, false));
        }
        return findings;
    }

    private static String causeOf(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ImageNotFoundException) {
            return cause.getMessage();
        }
        return cause instanceof SignetException ? cause.getMessage() : "verification failed: " + cause;
    }

    private static VerdictCache.Key key(Digest digest, Covered covered) {
        PolicyId id = covered.policy().id();
        return new VerdictCache.Key(digest, id.uid(), id.resourceVersion(), covered.rule().index());
    }

    /** A cache key this evaluation claimed and must complete. */
    private record Claim(Covered covered, VerdictCache.Lookup lookup) {
    }

    /** A resolved key source: the key, or why it could not be had. */
    private record ResolvedKey(Optional<VerificationKey> key, String problem, String description) {
    }

    /**
     * Decides the claimed rules from one fetch of the image's signatures per signature repository, checked with the
     * union of their keys; completes every claim whatever happens.
     */
    private void decideClaims(ImageReference reference, Digest digest, List<Claim> claims) {
        Map<Claim, RuleOutcome> decided = new LinkedHashMap<>();
        try {
            Map<KeySource, ResolvedKey> resolved = new LinkedHashMap<>();
            for (Claim claim : claims) {
                claim.covered().rule().attestors().forEach(set -> collectKeys(set, resolved));
            }
            Map<Optional<Repository>, List<Claim>> byRepository = claims.stream()
                    .collect(Collectors.groupingBy(claim -> claim.covered().rule().signatureRepository(), LinkedHashMap::new, Collectors.toList()));
            for (Map.Entry<Optional<Repository>, List<Claim>> group : byRepository.entrySet()) {
                Set<VerificationKey> groupKeys = new LinkedHashSet<>();
                Set<SignatureLayout> layouts = EnumSet.noneOf(SignatureLayout.class);
                for (Claim claim : group.getValue()) {
                    layouts.addAll(claim.covered().rule().type().layouts());
                    Map<KeySource, ResolvedKey> own = new LinkedHashMap<>();
                    claim.covered().rule().attestors().forEach(set -> collectKeys(set, own));
                    own.keySet().forEach(source -> resolved.get(source).key().ifPresent(groupKeys::add));
                }
                List<SignatureCheck> found;
                try {
                    found = groupKeys.isEmpty() ? List.of() : fetchAndCheck(reference, digest, group.getKey(), groupKeys, layouts);
                } catch (SignetException | IllegalArgumentException e) {
                    group.getValue().forEach(claim -> decided.put(claim, RuleOutcome.error("", "could not read signatures: " + e.getMessage())));
                    continue;
                }
                for (Claim claim : group.getValue()) {
                    decided.put(claim, new RuleJudge(claim.covered().rule(), found, resolved).judge());
                }
            }
        } catch (RuntimeException e) {
            claims.forEach(claim -> decided.putIfAbsent(claim, RuleOutcome.error("", "verification failed: " + e)));
        } finally {
            for (Claim claim : claims) {
                cache.complete(claim.lookup(), decided.getOrDefault(claim, RuleOutcome.error("", "verification did not complete")));
            }
        }
    }

    private List<SignatureCheck> fetchAndCheck(ImageReference reference, Digest digest, Optional<Repository> signatures,
            Set<VerificationKey> groupKeys, Set<SignatureLayout> layouts) {
        VerificationRequest request = new VerificationRequest(ImageReference.of(reference.context(), digest), List.copyOf(groupKeys), Map.of(),
                layouts, signatures);
        if (layouts.size() < 2) {
            return verifier.verify(request).checks();
        }
        // both layouts: the bundle lookups (referrers, fallback index, bundle) and the .sig lookups are independent round
        // trips, so they run side by side. The bundle half is offered to the pool and taken back here if no thread
        // has started it, so a saturated pool can never leave this thread waiting on queued work.
        AtomicBoolean started = new AtomicBoolean();
        CompletableFuture<List<SignatureCheck>> bundles = new CompletableFuture<>();
        Runnable bundleHalf = () -> {
            if (started.compareAndSet(false, true)) {
                try {
                    bundles.complete(verifier.verify(request.withLayouts(EnumSet.of(SignatureLayout.BUNDLE))).checks());
                } catch (RuntimeException e) {
                    bundles.completeExceptionally(e);
                }
            }
        };
        try {
            executor.execute(bundleHalf);
        } catch (RejectedExecutionException e) {
            // run below, in this thread
        }
        List<SignatureCheck> legacy = verifier.verify(request.withLayouts(EnumSet.of(SignatureLayout.LEGACY))).checks();
        bundleHalf.run();
        List<SignatureCheck> found = new ArrayList<>();
        try {
            found.addAll(bundles.join());
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        found.addAll(legacy);
        return found;
    }

    private void collectKeys(AttestorSet set, Map<KeySource, ResolvedKey> resolved) {
        for (Attestor attestor : set.entries()) {
            if (attestor instanceof Attestor.Key key) {
                resolved.computeIfAbsent(key.source(), this::resolveKey);
            } else if (attestor instanceof Attestor.Nested nested) {
                collectKeys(nested.set(), resolved);
            }
        }
    }

    private ResolvedKey resolveKey(KeySource source) {
        if (source instanceof KeySource.Inline inline) {
            String hint = inline.key().hint();
            return new ResolvedKey(Optional.of(inline.key()), "", "the entry's key (SHA256:" + hint.substring(0, Math.min(12, hint.length())) + "...)");
        }
        String keyRef = ((KeySource.Reference) source).keyRef();
        try {
            return new ResolvedKey(Optional.of(keys.verificationKey(keyRef)), "", "key " + keyRef);
        } catch (SignetException e) {
            return new ResolvedKey(Optional.empty(), e.getMessage(), "key " + keyRef);
        }
    }

    /** Judges one rule from the signature checks of its image (pure: no I/O). */
    private static final class RuleJudge {
        private final ImageRule rule;
        private final List<SignatureCheck> checks;
        private final Map<KeySource, ResolvedKey> keys;

        RuleJudge(ImageRule rule, List<SignatureCheck> found, Map<KeySource, ResolvedKey> keys) {
            this.rule = rule;
            this.checks = found.stream().filter(check -> rule.type().accepts(check.layout())).toList();
            this.keys = keys;
        }

        RuleOutcome judge() {
            RuleOutcome error = null;
            List<String> passed = new ArrayList<>();
            for (AttestorSet set : rule.attestors()) {
                RuleOutcome outcome = set(set);
                switch (outcome.status()) {
                    case FAIL -> {
                        return outcome; // a definite fail decides the rule, whatever else could not be decided
                    }
                    case ERROR -> error = error == null ? outcome : error;
                    default -> passed.add(outcome.cause());
                }
            }
            return error != null ? error : RuleOutcome.pass("", String.join("; ", passed));
        }

        private RuleOutcome set(AttestorSet set) {
            List<RuleOutcome> outcomes = set.entries().stream().map(this::entry).toList();
            long passes = outcomes.stream().filter(outcome -> outcome.status() == RuleStatus.PASS).count();
            int required = set.required();
            if (passes >= required) {
                return RuleOutcome.pass(set.path(), outcomes.stream().filter(o -> o.status() == RuleStatus.PASS).map(RuleOutcome::cause)
                        .limit(required).collect(Collectors.joining(", ")));
            }
            long errors = outcomes.stream().filter(outcome -> outcome.status() == RuleStatus.ERROR).count();
            RuleStatus status = passes + errors >= required ? RuleStatus.ERROR : RuleStatus.FAIL;
            List<RuleOutcome> failing = outcomes.stream().filter(outcome -> outcome.status() == status).toList();
            if (set.count().isEmpty() || set.entries().size() == 1) {
                return failing.get(0);
            }
            String causes = failing.stream().limit(3).map(outcome -> relative(outcome.path()) + ": " + outcome.cause()).collect(Collectors.joining("; "));
            return new RuleOutcome(status, set.path(), passes + " of the " + required + " required entries passed (" + causes + ")");
        }

        /** An entry's path within its rule, as messages show it after the rule's own path. */
        private String relative(String path) {
            return path.startsWith(rule.path() + ".") ? path.substring(rule.path().length() + 1) : path;
        }

        private RuleOutcome entry(Attestor attestor) {
            if (attestor instanceof Attestor.Nested nested) {
                RuleOutcome outcome = set(nested.set());
                return new RuleOutcome(outcome.status(), outcome.path().isEmpty() ? nested.path() : outcome.path(), outcome.cause());
            }
            if (attestor instanceof Attestor.Unsupported unsupported) {
                return RuleOutcome.error(unsupported.path(), unsupported.what());
            }
            Attestor.Key entry = (Attestor.Key) attestor;
            ResolvedKey resolved = keys.get(entry.source());
            if (resolved.key().isEmpty()) {
                return RuleOutcome.error(entry.path(), resolved.problem());
            }
            VerificationKey key = resolved.key().get();
            List<SignatureCheck> byKey = checks.stream().filter(check -> check.key().map(key::equals).orElse(false)).toList();
            boolean verified = byKey.stream().anyMatch(SignatureCheck::verified);
            if (byKey.stream().anyMatch(check -> check.verified() && check.claims().entrySet().containsAll(entry.annotations().entrySet()))) {
                return RuleOutcome.pass(entry.path(), "signature verified with " + resolved.description());
            }
            if (checks.isEmpty()) {
                return RuleOutcome.fail(entry.path(), switch (rule.type()) {
                    case COSIGN -> "no cosign signatures found";
                    case SIGSTORE_BUNDLE -> "no Sigstore bundles found";
                    case ANY -> "no signatures found";
                });
            }
            if (verified) {
                return RuleOutcome.fail(entry.path(), "signatures made with " + resolved.description() + " lack the required annotations " + entry.annotations());
            }
            if (byKey.stream().anyMatch(check -> check.status() == SignatureCheck.Status.DIGEST_MISMATCH)) {
                return RuleOutcome.fail(entry.path(), "a signature made with " + resolved.description()
                        + " names another digest in its payload (a copied signature)");
            }
            return RuleOutcome.fail(entry.path(), "none of the " + checks.size() + " signatures found was made with " + resolved.description()
                    + unreadable());
        }

        /**
         * Why signatures could not be read (a layer the registry serves under the wrong digest, or larger than a
         * signature can be): otherwise "none was made with the key" hides that one may have been.
         */
        private String unreadable() {
            List<SignatureCheck> malformed = checks.stream().filter(check -> check.status() == SignatureCheck.Status.MALFORMED).toList();
            return malformed.isEmpty() ? "" : " (" + malformed.size() + " could not be read: " + malformed.get(0).detail() + ")";
        }
    }
}

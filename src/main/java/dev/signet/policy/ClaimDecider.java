package dev.signet.policy;

import dev.signet.SignetException;
import dev.signet.conditions.ConditionsEvaluator;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.VerificationKey;
import dev.signet.reference.Digest;
import dev.signet.reference.Repository;
import dev.signet.signature.SignatureLayout;
import dev.signet.verification.AttestationCheck;
import dev.signet.verification.AttestationVerifier;
import dev.signet.verification.Deadline;
import dev.signet.verification.FoundSignatures;
import dev.signet.verification.KeySignatureVerifier;
import dev.signet.verification.KeylessTrust;
import dev.signet.verification.SignatureCheck;
import dev.signet.verification.SignatureFetcher;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides the rules an evaluation claimed for one digest: the signatures are fetched once per signature repository
 * (both layouts side by side, or first the one the repository's images were last found signed in, and the other only if
 * that was not enough: {@link SignatureFetcher#stage}), checked once with the union of the rules' keys, and each rule is then judged from
 * those checks alone ({@link RuleJudge}); its attestations are read once per predicate type, keys and keyless trusts
 * and judged with their conditions ({@link AttestationJudge}). A rule passes when its signatures and every attestation pass. Every
 * claim is completed, whatever happens.
 */
final class ClaimDecider {
    private final SignatureFetcher signatures;
    private final KeyProvider keys;
    private final RuleClaims claims;
    private final ConditionsEvaluator conditions;
    private final TrustedRoots roots;
    private final KeySignatureVerifier keyVerifier = new KeySignatureVerifier();

    /** @param roots where keyless entries' named trusted roots are found */
    ClaimDecider(SignatureFetcher signatures, KeyProvider keys, TrustedRoots roots, RuleClaims claims, ConditionsEvaluator conditions) {
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.roots = Objects.requireNonNull(roots, "roots");
        this.claims = Objects.requireNonNull(claims, "claims");
        this.conditions = Objects.requireNonNull(conditions, "conditions");
    }

    /** @param deadline when the admission that claimed stops waiting: registry requests past it are not made */
    void decide(Repository image, Digest digest, List<RuleClaims.Claim> claimed, Deadline deadline) {
        Map<RuleClaims.Claim, RuleOutcome> decided = new LinkedHashMap<>();
        try {
            AttestorKeys attestorKeys = new AttestorKeys(keys);
            AttestorRoots attestorRoots = new AttestorRoots(roots);
            Map<Optional<Repository>, List<RuleClaims.Claim>> byRepository = claimed.stream()
                    .collect(Collectors.groupingBy(claim -> claim.covered().rule().signatureRepository(), LinkedHashMap::new, Collectors.toList()));
            for (Map.Entry<Optional<Repository>, List<RuleClaims.Claim>> group : byRepository.entrySet()) {
                Set<VerificationKey> groupKeys = new LinkedHashSet<>();
                Set<SignatureLayout> layouts = EnumSet.noneOf(SignatureLayout.class);
                boolean keyless = false;
                for (RuleClaims.Claim claim : group.getValue()) {
                    layouts.addAll(claim.covered().rule().type().layouts());
                    groupKeys.addAll(attestorKeys.of(claim.covered().rule()));
                    keyless |= !attestorRoots.of(claim.covered().rule().attestors()).isEmpty();
                }
                // fetched once for keys and keyless entries alike; not at all when no entry can use them
                FoundSignatures fetched = new FoundSignatures(digest, List.of());
                List<SignatureCheck> found = List.of();
                SignatureFetcher.Staged staged = null;
                try {
                    if (!groupKeys.isEmpty() || keyless) {
                        staged = signatures.stage(image, digest, group.getKey(), layouts, deadline);
                        fetched = staged.first();
                        found = groupKeys.isEmpty() ? List.of() : keyVerifier.check(fetched, groupKeys);
                    }
                } catch (SignetException | IllegalArgumentException e) {
                    group.getValue().forEach(claim -> decided.put(claim, RuleOutcome.error("", "could not read signatures: " + e.getMessage())));
                    continue;
                }
                Attestations attestations = new Attestations(group.getKey().orElse(image), digest, deadline);
                Judged judged = judge(group.getValue(), found, fetched, attestorKeys, attestorRoots, attestations);
                boolean readAll = staged == null || staged.complete();
                if (!readAll && !judged.signaturesPass()) {
                    // the layout this repository's images were last verified in was not enough: read the other too
                    readAll = true;
                    try {
                        fetched = staged.all();
                        found = groupKeys.isEmpty() ? List.of() : keyVerifier.check(fetched, groupKeys);
                    } catch (SignetException | IllegalArgumentException e) {
                        group.getValue().forEach(claim -> decided.put(claim, RuleOutcome.error("", "could not read signatures: " + e.getMessage())));
                        continue;
                    }
                    judged = judge(group.getValue(), found, fetched, attestorKeys, attestorRoots, attestations);
                }
                if (staged != null && readAll && judged.signaturesPass() && layouts.size() > 1) {
                    staged.learn(layoutPassingAlone(group.getValue(), found, fetched, attestorKeys, attestorRoots, attestations));
                }
                decided.putAll(judged.outcomes());
            }
        } catch (RuntimeException e) {
            claimed.forEach(claim -> decided.putIfAbsent(claim, RuleOutcome.error("", "verification failed: " + e)));
        } finally {
            claims.complete(claimed, decided);
        }
    }

    /**
     * Each claim's outcome from the signatures read so far (and the attestations its rule asks for), and whether every
     * claim's signature attestors passed: only those can change when more signatures are read.
     */
    private record Judged(Map<RuleClaims.Claim, RuleOutcome> outcomes, boolean signaturesPass) {
    }

    private Judged judge(List<RuleClaims.Claim> claims, List<SignatureCheck> found, FoundSignatures fetched,
            AttestorKeys attestorKeys, AttestorRoots attestorRoots, Attestations attestations) {
        Map<RuleClaims.Claim, RuleOutcome> outcomes = new LinkedHashMap<>();
        boolean signaturesPass = true;
        for (RuleClaims.Claim claim : claims) {
            ImageRule rule = claim.covered().rule();
            List<RuleOutcome> parts = new ArrayList<>();
            if (DigestOnly.is(rule)) {
                parts.add(DigestOnly.outcome(rule));
            }
            if (!rule.attestors().isEmpty()) {
                RuleOutcome signaturesOutcome = new RuleJudge(rule, found, attestorKeys.resolved(), fetched, attestorRoots.resolved(),
                        attestation -> attestations.judge(rule, attestation, attestorKeys, attestorRoots)).judge();
                signaturesPass &= signaturesOutcome.status() == RuleStatus.PASS;
                parts.add(signaturesOutcome);
            }
            for (AttestationRule attestation : rule.attestations()) {
                parts.add(attestations.judge(rule, attestation, attestorKeys, attestorRoots));
            }
            outcomes.put(claim, RuleOutcome.all(parts));
        }
        return new Judged(outcomes, signaturesPass);
    }

    /**
     * The one layout whose signatures alone satisfy every claim's signature attestors (keys and keyless entries alike),
     * the {@code .sig} layout first; empty when neither does alone. Judged again on what was read: no request.
     */
    private Optional<SignatureLayout> layoutPassingAlone(List<RuleClaims.Claim> claims, List<SignatureCheck> found, FoundSignatures fetched,
            AttestorKeys attestorKeys, AttestorRoots attestorRoots, Attestations attestations) {
        for (SignatureLayout layout : List.of(SignatureLayout.LEGACY, SignatureLayout.BUNDLE)) {
            List<SignatureCheck> inLayout = found.stream().filter(check -> check.layout() == layout).toList();
            if (judge(claims, inLayout, fetched.in(EnumSet.of(layout)), attestorKeys, attestorRoots, attestations).signaturesPass()) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }

    /** The attestations of one image, read once per predicate type and set of keys and keyless trusts however many rules ask. */
    private final class Attestations {
        private final Repository repository;
        private final Digest digest;
        private final Deadline deadline;
        private final Map<Asked, Read> read = new HashMap<>();

        /** One read of the attestations: a predicate type checked with a set of keys and keyless trusts. */
        private record Asked(String predicateType, AttestationVerifier.Trust trust) {
        }

        /** What one read found, or why it could not be made (kept, so other rules asking the same are not read again). */
        private record Read(List<AttestationCheck> checks, String failure) {
        }

        Attestations(Repository repository, Digest digest, Deadline deadline) {
            this.repository = repository;
            this.digest = digest;
            this.deadline = deadline;
        }

        RuleOutcome judge(ImageRule rule, AttestationRule attestation, AttestorKeys attestorKeys, AttestorRoots attestorRoots) {
            List<VerificationKey> entryKeys = List.copyOf(attestorKeys.of(attestation.attestors()));
            // each keyless entry whose root could be had, as a trust named by the entry's path (how the judge finds its checks)
            List<KeylessAttestor> keyless = attestorRoots.of(attestation.attestors());
            Map<TrustedRootSource, AttestorRoots.ResolvedRoot> roots = attestorRoots.resolved();
            List<KeylessTrust> trusts = new ArrayList<>();
            for (KeylessAttestor entry : keyless) {
                AttestorRoots.ResolvedRoot resolved = roots.get(entry.root());
                if (resolved != null && resolved.root().isPresent()) {
                    trusts.add(entry.trust(resolved.root().get()));
                }
            }
            List<AttestationCheck> checks = List.of();
            if (!entryKeys.isEmpty() || !trusts.isEmpty()) {
                Read found = read.computeIfAbsent(new Asked(attestation.predicateType(), new AttestationVerifier.Trust(entryKeys, trusts)), asked -> {
                    try {
                        return new Read(signatures.attestations(repository, digest, asked.trust(), asked.predicateType(), deadline).checks(), null);
                    } catch (SignetException e) {
                        return new Read(List.of(), e.getMessage());
                    }
                });
                if (found.failure() != null) {
                    return RuleOutcome.error(attestation.path(), "could not read attestations: " + found.failure());
                }
                checks = found.checks();
            }
            return new AttestationJudge(rule, attestation, checks, attestorKeys.resolved(), roots, conditions).judge();
        }
    }
}

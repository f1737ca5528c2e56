package dev.signet.policy;

import dev.signet.SignetException;
import dev.signet.conditions.ConditionsEvaluator;
import dev.signet.conditions.ConditionsResult;
import dev.signet.keys.VerificationKey;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.verification.AttestationCheck;
import dev.signet.verification.Evidence;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Judges one {@code attestations} entry of a rule from the attestations checked for its image: each attestor entry
 * passes when a statement of the predicate type verified with its key, or, for a keyless entry, with a certificate its
 * trust accepted (root, identity, log entry and SCT as the entry asks); when the sets pass, every verified statement
 * of the type must meet the conditions (Kyverno checks each statement, and one that does not hold denies). Pure: the
 * conditions' clock is the evaluator's.
 */
final class AttestationJudge extends AttestorJudge {
    private final ImageRule rule;
    private final AttestationRule attestation;
    private final List<AttestationCheck> checks;
    private final ConditionsEvaluator conditions;
    private final Map<TrustedRootSource, AttestorRoots.ResolvedRoot> roots;

    /**
     * @param found the attestations read for the image, checked for this entry's predicate type with its keys and
     *     the keyless trusts of its keyless entries (each named by the entry's path)
     * @param roots every trusted root source of the entry's keyless entries, resolved
     */
    AttestationJudge(ImageRule rule, AttestationRule attestation, List<AttestationCheck> found, Map<KeySource, ResolvedKey> keys,
            Map<TrustedRootSource, AttestorRoots.ResolvedRoot> roots, ConditionsEvaluator conditions) {
        super(rule.path(), keys);
        this.roots = Map.copyOf(roots);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.attestation = Objects.requireNonNull(attestation, "attestation");
        this.checks = found.stream().filter(check -> rule.type().accepts(check.layout())).toList();
        this.conditions = Objects.requireNonNull(conditions, "conditions");
    }

    RuleOutcome judge() {
        RuleOutcome signed = judgeSets(attestation.attestors());
        if (signed.status() != RuleStatus.PASS) {
            return signed.path().isEmpty() ? new RuleOutcome(signed.status(), attestation.path(), signed.cause()) : signed;
        }
        // the checks were made with this entry's keys only, so every verified statement is one its attestors signed
        List<AttestationCheck> verified = checks.stream().filter(check -> check.status() == AttestationCheck.Status.VERIFIED).toList();
        RuleOutcome undecided = null;
        for (AttestationCheck check : verified) {
            ConditionsResult result = conditions.evaluate(attestation.conditions(), check.statement().orElseThrow().predicate());
            switch (result.status()) {
                case FAIL -> {
                    return RuleOutcome.fail(attestation.path(), "attestation " + check.location() + " of type " + type() + ": " + result.summary());
                }
                case ERROR -> undecided = undecided != null ? undecided
                        : RuleOutcome.error(attestation.path(), "attestation " + check.location() + " of type " + type() + ": " + result.summary());
                case PASS -> {
                    // the next statement
                }
            }
        }
        if (undecided != null) {
            return undecided;
        }
        String held = attestation.conditions().size() == 0 ? "" : ", " + verified.size() + (verified.size() == 1 ? " statement meets" : " statements meet")
                + " the conditions";
        return RuleOutcome.pass(attestation.path(), signed.cause() + held);
    }

    private String type() {
        return SignetException.quote(attestation.predicateType());
    }

    /**
     * A keyless entry: the attestations its trust accepted (the verifier names every trust a certificate satisfied, so
     * two entries that both accept one signer both see it); a verified one of the type passes, exactly as a
     * key-verified one would.
     */
    @Override
    public RuleOutcome keyless(KeylessAttestor entry) {
        AttestorRoots.ResolvedRoot resolved = roots.get(entry.root());
        if (resolved == null || resolved.root().isEmpty()) {
            return RuleOutcome.error(entry.path(), resolved == null ? "the trusted root was not resolved" : resolved.problem());
        }
        String signer = entry.identities().stream().map(IdentityMatcher::describe).collect(Collectors.joining(" or ")) + " under "
                + entry.root().description();
        List<AttestationCheck> byTrust = checks.stream()
                .filter(check -> check.evidence().filter(evidence -> evidence instanceof Evidence.Keyless k && k.satisfies(entry.path())).isPresent())
                .toList();
        if (byTrust.stream().anyMatch(AttestationCheck::verified)) {
            return RuleOutcome.pass(entry.path(), "attestation of type " + type() + " verified keyless for " + signer);
        }
        if (checks.isEmpty()) {
            return RuleOutcome.fail(entry.path(), "no attestations found");
        }
        if (byTrust.isEmpty()) {
            String why = checks.stream().filter(check -> check.evidence().isEmpty()).map(AttestationCheck::detail).filter(detail -> !detail.isBlank())
                    .distinct().limit(2).collect(Collectors.joining("; "));
            return RuleOutcome.fail(entry.path(), "none of the " + checks.size() + " attestations found is a keyless attestation by " + signer
                    + (why.isEmpty() ? "" : " (" + why + ")"));
        }
        // signed by the identity, but not of the type or not about this image: say what the first one was
        AttestationCheck first = byTrust.get(0);
        return RuleOutcome.fail(entry.path(), "no attestation of type " + type() + " by " + signer + " (" + first.location() + ": " + first.detail() + ")");
    }

    @Override
    public RuleOutcome key(KeyAttestor entry) {
        ResolvedKey resolved = keys.get(entry.source());
        if (resolved == null || resolved.key().isEmpty()) {
            return RuleOutcome.error(entry.path(), resolved == null ? "the key was not resolved" : resolved.problem());
        }
        if (entry.tlog().isPresent()) {
            // never narrow: the entry's rekor block asks for a log entry, which Signet checks for key signatures only
            return RuleOutcome.error(entry.path(), "the entry's rekor block requires a Rekor entry for attestations signed with "
                    + resolved.description() + ", which Signet does not check for attestations; set rekor: {ignoreTlog: true} to rely on the key");
        }
        if (entry.timestamps().isPresent()) {
            // never narrow: the authority asks for timestamps, which Signet checks on key signatures only
            return RuleOutcome.error(entry.path(), "the authority's rfc3161timestamp requires RFC 3161 timestamps on attestations signed with "
                    + resolved.description() + ", which Signet does not check for attestations");
        }
        VerificationKey key = resolved.key().get();
        List<AttestationCheck> byKey = checks.stream().filter(check -> signedWith(check, key)).toList();
        if (byKey.stream().anyMatch(check -> check.status() == AttestationCheck.Status.VERIFIED)) {
            return RuleOutcome.pass(entry.path(), "attestation of type " + type() + " verified with " + resolved.description());
        }
        if (checks.isEmpty()) {
            return RuleOutcome.fail(entry.path(), "no attestations found");
        }
        if (byKey.isEmpty()) {
            return RuleOutcome.fail(entry.path(), "none of the " + checks.size() + " attestations found was signed with " + resolved.description()
                    + unreadable());
        }
        // signed with the key, but not of the type or not about this image: say what the first one was
        AttestationCheck first = byKey.get(0);
        return RuleOutcome.fail(entry.path(), "no attestation of type " + type() + " signed with " + resolved.description() + " ("
                + first.location() + ": " + first.detail() + ")");
    }

    /**
     * Whether {@code key} signed the checked envelope: the key the check names, or another signature of the same
     * envelope (an envelope may carry several, and the check names the first key that verified one).
     */
    private static boolean signedWith(AttestationCheck check, VerificationKey key) {
        boolean named = check.evidence().filter(evidence -> evidence instanceof Evidence.Key k && k.key().equals(key)).isPresent();
        return named || check.evidence().isPresent() && check.envelope().map(envelope -> envelope.verifiedBy(key)).orElse(false);
    }

    private String unreadable() {
        List<AttestationCheck> malformed = checks.stream().filter(check -> check.status() == AttestationCheck.Status.MALFORMED).toList();
        return malformed.isEmpty() ? "" : " (" + malformed.size() + " could not be read: " + malformed.get(0).detail() + ")";
    }
}

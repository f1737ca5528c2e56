package dev.signet.policy;

import dev.signet.SignetException;
import dev.signet.conditions.ConditionsEvaluator;
import dev.signet.conditions.ConditionsResult;
import dev.signet.keys.VerificationKey;
import dev.signet.verification.AttestationCheck;
import dev.signet.verification.Evidence;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Judges one {@code attestations} entry of a rule from the attestations checked for its image: each attestor entry
 * passes when a statement of the predicate type verified with its key; when the sets pass, every verified statement
 * of the type must meet the conditions (Kyverno checks each statement, and one that does not hold denies). Pure: the
 * conditions' clock is the evaluator's.
 */
final class AttestationJudge extends AttestorJudge {
    private final ImageRule rule;
    private final AttestationRule attestation;
    private final List<AttestationCheck> checks;
    private final ConditionsEvaluator conditions;

    /** @param found the attestations read for the image, checked for this entry's predicate type with its keys */
    AttestationJudge(ImageRule rule, AttestationRule attestation, List<AttestationCheck> found, Map<KeySource, ResolvedKey> keys,
            ConditionsEvaluator conditions) {
        super(rule.path(), keys);
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
     * Keyless attestations are not read yet (attestations are read and checked with keys only): such an entry is
     * {@code error}, so an enforcing policy fails closed instead of passing a statement nobody checked.
     */
    @Override
    public RuleOutcome keyless(KeylessAttestor entry) {
        return RuleOutcome.error(entry.path(), KEYLESS_NOT_CHECKED);
    }

    /** Why a keyless attestation entry is {@code error}; the load report ({@link LoadReport}) says it at load. */
    static final String KEYLESS_NOT_CHECKED = "keyless attestations are not checked yet (Signet checks keyless image signatures; attestations"
            + " only with keys)";

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

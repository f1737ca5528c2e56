package dev.signet.policy;

import dev.signet.keys.VerificationKey;
import dev.signet.verification.SignatureCheck;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Judges one rule's signature attestors from what was found for its image: the checked signatures and the keys its
 * entries resolved to ({@link AttestorJudge} combines the entries). Pure: no I/O, no clock.
 */
final class RuleJudge extends AttestorJudge {
    private final ImageRule rule;
    private final List<SignatureCheck> checks;

    /**
     * @param found the checks of every signature found for the image, in the layouts of the rule's group
     * @param keys every key source of the rule, resolved
     */
    RuleJudge(ImageRule rule, List<SignatureCheck> found, Map<KeySource, ResolvedKey> keys) {
        super(rule.path(), keys);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.checks = found.stream().filter(check -> rule.type().accepts(check.layout())).toList();
    }

    RuleOutcome judge() {
        return judgeSets(rule.attestors());
    }

    @Override
    public RuleOutcome key(KeyAttestor entry) {
        ResolvedKey resolved = keys.get(entry.source());
        if (resolved == null || resolved.key().isEmpty()) {
            return RuleOutcome.error(entry.path(), resolved == null ? "the key was not resolved" : resolved.problem());
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

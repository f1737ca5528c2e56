package dev.signet.policy;

import dev.signet.keys.VerificationKey;
import dev.signet.verification.SignatureCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Judges one rule from what was found for its image: the checked signatures and the keys its entries resolved to.
 * Pure: no I/O, no clock, the same input gives the same outcome. Attestor sets are AND-ed; within a set, at least
 * {@code count} entries (all when absent) must pass; a definite {@code fail} decides a rule whatever else could not
 * be decided, and an entry that could not be decided makes a set that cannot pass without it {@code error}.
 */
final class RuleJudge implements Attestor.Visitor<RuleOutcome> {
    private final ImageRule rule;
    private final List<SignatureCheck> checks;
    private final Map<KeySource, ResolvedKey> keys;

    /**
     * @param found the checks of every signature found for the image, in the layouts of the rule's group
     * @param keys every key source of the rule, resolved
     */
    RuleJudge(ImageRule rule, List<SignatureCheck> found, Map<KeySource, ResolvedKey> keys) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.checks = found.stream().filter(check -> rule.type().accepts(check.layout())).toList();
        this.keys = Map.copyOf(keys);
    }

    RuleOutcome judge() {
        RuleOutcome error = null;
        List<String> passed = new ArrayList<>();
        for (AttestorSet set : rule.attestors()) {
            RuleOutcome outcome = set(set);
            switch (outcome.status()) {
                case FAIL -> {
                    return outcome;
                }
                case ERROR -> error = error == null ? outcome : error;
                default -> passed.add(outcome.cause());
            }
        }
        return error != null ? error : RuleOutcome.pass("", String.join("; ", passed));
    }

    private RuleOutcome set(AttestorSet set) {
        List<RuleOutcome> outcomes = set.entries().stream().map(entry -> entry.accept(this)).toList();
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

    @Override
    public RuleOutcome nested(NestedAttestor nested) {
        RuleOutcome outcome = set(nested.set());
        return new RuleOutcome(outcome.status(), outcome.path().isEmpty() ? nested.path() : outcome.path(), outcome.cause());
    }

    @Override
    public RuleOutcome unsupported(UnsupportedAttestor unsupported) {
        return RuleOutcome.error(unsupported.path(), unsupported.what());
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

package dev.signet.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Judges attestor sets, whatever the entries vouch for (an image signature, an attestation): sets are AND-ed; within
 * a set, at least {@code count} entries (all when absent) must pass; a definite {@code fail} decides whatever else
 * could not be decided, and an entry that could not be decided makes a set that cannot pass without it {@code error}.
 * Subclasses say what a key entry's pass is. Pure: no I/O, no clock.
 */
abstract class AttestorJudge implements Attestor.Visitor<RuleOutcome> {
    private final String rulePath;
    protected final Map<KeySource, ResolvedKey> keys;

    AttestorJudge(String rulePath, Map<KeySource, ResolvedKey> keys) {
        this.rulePath = Objects.requireNonNull(rulePath, "rulePath");
        this.keys = Map.copyOf(keys);
    }

    /** The sets AND-ed: the first {@code fail}, else the first {@code error}, else a pass naming what passed. */
    RuleOutcome judgeSets(List<AttestorSet> sets) {
        RuleOutcome error = null;
        List<String> passed = new ArrayList<>();
        for (AttestorSet set : sets) {
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
        return path.startsWith(rulePath + ".") ? path.substring(rulePath.length() + 1) : path;
    }

    @Override
    public RuleOutcome nested(NestedAttestor nested) {
        RuleOutcome outcome = set(nested.set());
        return new RuleOutcome(outcome.status(), outcome.path().isEmpty() ? nested.path() : outcome.path(), outcome.cause());
    }

    @Override
    public RuleOutcome fixed(StaticAttestor entry) {
        return entry.pass() ? RuleOutcome.pass(entry.path(), "admitted by a static authority")
                : RuleOutcome.fail(entry.path(), "disallowed by a static authority" + (entry.message().isEmpty() ? "" : ": " + entry.message()));
    }

    /** Attestation requirements inside an attestation's own attestors cannot be written; only a rule's sets hold them. */
    @Override
    public RuleOutcome attestations(AttestationsAttestor entry) {
        return RuleOutcome.error(entry.path(), "attestation requirements are not evaluated inside an attestation's attestors");
    }

    @Override
    public RuleOutcome unsupported(UnsupportedAttestor unsupported) {
        return RuleOutcome.error(unsupported.path(), unsupported.what());
    }
}

package dev.signet.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of Kyverno's {@code validationFailureActionOverrides}: the action for the namespaces it names. Read as
 * Kyverno's engine reads it (pkg/engine/api/engineresponse.go, GetValidationFailureAction): without
 * {@code namespaces} the entry holds where its {@code namespaceSelector} matches the namespace's labels (and never
 * without one); with {@code namespaces} it holds in a namespace one of the globs matches, and its selector, if any,
 * must match too. The first entry that holds decides.
 *
 * @param namespaces empty when the field is absent; an empty list written out matches no namespace
 */
public record ActionOverride(EnforcementAction action, Optional<List<String>> namespaces, Optional<LabelSelector> namespaceSelector) {

    public ActionOverride {
        Objects.requireNonNull(action, "action");
        namespaces = namespaces.map(List::copyOf);
        Objects.requireNonNull(namespaceSelector, "namespaceSelector");
    }

    Truth test(AdmissionSubject subject) {
        if (namespaces.isPresent() && namespaces.get().stream().noneMatch(glob -> Wildcards.matches(glob, subject.namespace()))) {
            return Truth.FALSE;
        }
        if (namespaceSelector.isEmpty()) {
            return Truth.of(namespaces.isPresent());
        }
        LabelSelector selector = namespaceSelector.get();
        return subject.namespaceLabelsKnown() && selector.valid() ? Truth.of(selector.matches(subject.namespaceLabels())) : Truth.UNKNOWN;
    }

    /**
     * The action for the subject: the first override that holds, else the fallback. An override Signet cannot settle
     * (the namespace's labels are unknown) is taken when it enforces and passed over when it audits, so what is not
     * known never weakens the action.
     */
    static EnforcementAction resolve(List<ActionOverride> overrides, EnforcementAction fallback, AdmissionSubject subject) {
        for (ActionOverride override : overrides) {
            Truth holds = override.test(subject);
            if (holds == Truth.TRUE || (holds == Truth.UNKNOWN && override.action() == EnforcementAction.ENFORCE)) {
                return override.action();
            }
        }
        return fallback;
    }

    /** The action where no namespace is known (the CI gate, pre-warming): Enforce if any override or the fallback enforces. */
    static EnforcementAction strictest(List<ActionOverride> overrides, EnforcementAction fallback) {
        boolean enforces = fallback == EnforcementAction.ENFORCE || overrides.stream().anyMatch(o -> o.action() == EnforcementAction.ENFORCE);
        return enforces ? EnforcementAction.ENFORCE : EnforcementAction.AUDIT;
    }
}

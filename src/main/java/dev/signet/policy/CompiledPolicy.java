package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A policy ready to evaluate: globs compiled, inline keys parsed. Compiled once per change of the document.
 *
 * @param notes what was ignored, read differently or cannot be evaluated, found while compiling (e.g. Kyverno rules other
 *     than verifyImages), for the log and the load report
 * @param notEvaluated the paths of policy-level fields Signet does not evaluate (each rule lists its own)
 * @param perRequest for a Kyverno policy whose keys or identities read the request ({@code request.*},
 *     {@code images.*}): the document to substitute and compile per admission request ({@link RequestBinding}); this
 *     compilation, with those variables unresolved ({@code error}), serves where no request is in hand
 */
public record CompiledPolicy(
        PolicyId id,
        EnforcementAction action,
        FailurePolicy failurePolicy,
        Selection match,
        Selection exclude,
        List<ImageRule> rules,
        List<LoadNote> notes,
        List<String> notEvaluated,
        Optional<KyvernoContext.RequestTemplate> perRequest) {

    public CompiledPolicy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(exclude, "exclude");
        rules = List.copyOf(rules);
        notes = List.copyOf(notes);
        notEvaluated = List.copyOf(notEvaluated);
        Objects.requireNonNull(perRequest, "perRequest");
    }

    public CompiledPolicy(PolicyId id, EnforcementAction action, FailurePolicy failurePolicy, Selection match, Selection exclude, List<ImageRule> rules,
            List<LoadNote> notes, List<String> notEvaluated) {
        this(id, action, failurePolicy, match, exclude, rules, notes, notEvaluated, Optional.empty());
    }

    /** Every field Signet does not evaluate, policy-level first, then each rule's, for the load report. */
    public List<String> allNotEvaluated() {
        List<String> all = new ArrayList<>(notEvaluated);
        rules.forEach(rule -> rule.notEvaluated().stream().filter(path -> !all.contains(path)).forEach(all::add));
        return all;
    }

    /** The most notes reported at load: one per match/exclude clause Signet cannot settle, and a policy may have thousands. */
    static final int MAX_NOTES = 50;

    /**
     * What the log and {@code policy test} say about the policy besides its rules: the notes, then one line naming the
     * fields not evaluated (bounded: a policy with hundreds of unknown fields still gets one readable line).
     */
    public List<String> loadNotes() {
        List<String> lines = new ArrayList<>(notes.subList(0, Math.min(notes.size(), MAX_NOTES)).stream().map(LoadNote::text).toList());
        if (notes.size() > MAX_NOTES) {
            lines.add("and " + (notes.size() - MAX_NOTES) + " more notes");
        }
        List<String> fields = allNotEvaluated();
        if (!fields.isEmpty()) {
            String shown = String.join(", ", fields.subList(0, Math.min(fields.size(), 20)));
            lines.add("not evaluated by Signet: " + shown + (fields.size() > 20 ? " and " + (fields.size() - 20) + " more" : ""));
        }
        return lines;
    }

    /**
     * This policy compiled from a document whose {@code {{ }}} variables were resolved from its rule's context
     * ({@link KyvernoContext}): its version includes what was written in, so a verdict cached under one content of a
     * ConfigMap is never served under another, and the resolution notes join the load notes.
     *
     * @param contextVersion a digest of the resolved document, or empty when nothing was written in
     */
    CompiledPolicy inContext(String contextVersion, List<LoadNote> contextNotes) {
        PolicyId versioned = contextVersion.isEmpty() ? id
                : new PolicyId(id.kind(), id.namespace(), id.name(), id.uid(), id.resourceVersion() + "+context-" + contextVersion);
        List<LoadNote> all = new ArrayList<>(notes);
        all.addAll(contextNotes);
        return new CompiledPolicy(versioned, action, failurePolicy, match, exclude, rules, all, notEvaluated, perRequest);
    }

    /** This policy with the request's variables beside its attestations' predicates, for their conditions. */
    CompiledPolicy withRequestVariables(JsonNode variables) {
        return new CompiledPolicy(id, action, failurePolicy, match, exclude, rules.stream().map(rule -> rule.withRequestVariables(variables)).toList(),
                notes, notEvaluated, perRequest);
    }

    /** This policy, to be compiled again per admission request from the template ({@link RequestBinding}). */
    CompiledPolicy perRequest(Optional<KyvernoContext.RequestTemplate> template) {
        return new CompiledPolicy(id, action, failurePolicy, match, exclude, rules, notes, notEvaluated, template);
    }

    /** Whether the policy applies to the subject: its namespace scope, then its match/exclude blocks. */
    public boolean applies(AdmissionSubject subject) {
        if (id.namespace().isPresent() && !id.namespace().get().equals(subject.namespace())) {
            return false;
        }
        return Selection.selects(match, exclude, subject);
    }
}

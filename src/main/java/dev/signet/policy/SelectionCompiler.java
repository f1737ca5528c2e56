package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles {@code match} and {@code exclude} blocks: Signet's (one clause of namespaces and a namespace selector) and
 * Kyverno's ({@code any}/{@code all} lists of ResourceFilters, or the older bare form), every field of Kyverno's
 * ResourceFilter evaluated as Kyverno's engine does (kyverno/pkg/engine/utils/match.go, pkg/utils/match): resource
 * {@code kinds}, {@code name}/{@code names}, {@code namespaces}, {@code annotations}, {@code selector},
 * {@code namespaceSelector}, {@code operations}, and the user's {@code subjects}. Kyverno resolves {@code roles} and
 * {@code clusterRoles} by RBAC lookups Signet does not make, so those, and any field Signet does not know, are
 * unknown: the clause then counts as matching in {@code match} and never excludes in {@code exclude}, and a load
 * note says so, naming the field. Such a field is never dropped as if it were not there.
 */
final class SelectionCompiler {
    private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

    private final Compilation compilation;

    SelectionCompiler(Compilation compilation) {
        this.compilation = compilation;
    }

    /** Signet's block: {@code namespaces} and {@code namespaceSelector}. */
    Selection signet(PolicyFields parent, String field, boolean exclude) {
        int mark = compilation.mark();
        Optional<PolicyFields> block = parent.object(field);
        if (block.isEmpty()) {
            return Selection.none();
        }
        PolicyFields fields = block.get();
        List<ResourceFilter.Condition> conditions = new ArrayList<>();
        namespaces(fields, conditions);
        return new Selection(List.of(), List.of(clause(fields.path(), conditions, compilation.unreadSince(mark), exclude)));
    }

    /** Kyverno's block; {@code exclude} says which way an unknown field is settled (for the load note). */
    Selection kyverno(PolicyFields parent, String field, boolean exclude) {
        int mark = compilation.mark();
        Optional<PolicyFields> found = parent.object(field);
        if (found.isEmpty()) {
            return Selection.none();
        }
        PolicyFields block = found.get();
        JsonNode any = block.optionalList("any");
        JsonNode all = block.optionalList("all");
        if (!any.isEmpty()) {
            if (!all.isEmpty()) {
                compilation.note(block.pathOf("all") + " is ignored because " + block.pathOf("any") + " is set, as Kyverno ignores it");
            }
            return new Selection(clauses(block, "any", any, exclude), List.of());
        }
        if (!all.isEmpty()) {
            return new Selection(List.of(), clauses(block, "all", all, exclude));
        }
        // the older form: the block is itself one clause (resources, subjects, roles, clusterRoles)
        return new Selection(List.of(), List.of(filter(block, mark, exclude)));
    }

    private List<ResourceFilter> clauses(PolicyFields block, String list, JsonNode items, boolean exclude) {
        List<ResourceFilter> clauses = new ArrayList<>(items.size());
        for (int c = 0; c < items.size(); c++) {
            int mark = compilation.mark();
            clauses.add(filter(compilation.fields(items.get(c), block.pathOf(list) + "[" + c + "]"), mark, exclude));
        }
        return clauses;
    }

    /** One Kyverno ResourceFilter: {@code resources} plus the user fields; what the readers made since mark left unread is unknown. */
    private ResourceFilter filter(PolicyFields clause, int mark, boolean exclude) {
        List<ResourceFilter.Condition> conditions = new ArrayList<>();
        Optional<PolicyFields> resources = clause.object("resources");
        resources.ifPresent(fields -> resources(fields, conditions, exclude));
        JsonNode subjects = clause.optionalList("subjects");
        if (!subjects.isEmpty()) {
            List<ResourceFilter.Subject> parsed = new ArrayList<>();
            for (int s = 0; s < subjects.size(); s++) {
                PolicyFields subject = compilation.fields(subjects.get(s), clause.pathOf("subjects") + "[" + s + "]");
                subject.has("apiGroup"); // rbac.authorization.k8s.io or empty: says nothing more about who asks
                parsed.add(new ResourceFilter.Subject(subject.requiredText("kind"), subject.requiredText("name"), subject.text("namespace").orElse("")));
            }
            conditions.add(ResourceFilter.subjects(parsed));
        }
        // roles and clusterRoles stay unread: Signet does not resolve a user's RBAC bindings, so they are unknown
        return clause(clause.path(), conditions, compilation.unreadSince(mark), exclude);
    }

    private void resources(PolicyFields resources, List<ResourceFilter.Condition> conditions, boolean exclude) {
        List<String> names = new ArrayList<>(resources.strings("names"));
        resources.text("name").ifPresent(names::add);
        Map<String, String> annotations = resources.stringMap("annotations");
        Optional<LabelSelector> selector = resources.object("selector").map(this::labelSelector);
        // Kyverno generates the workload rules of a Pod rule only when the rule names no object metadata
        // (pkg/autogen, checkAutogenSupport); an exclude must not reach further than Kyverno's, a match may
        boolean autogen = !exclude || (names.isEmpty() && annotations.isEmpty() && selector.isEmpty());
        List<KindSelector> kinds = resources.strings("kinds").stream().map(KindSelector::parse).toList();
        if (!kinds.isEmpty()) {
            conditions.add(ResourceFilter.kinds(kinds, autogen));
        }
        if (resources.text("name").isPresent()) {
            conditions.add(ResourceFilter.names(List.of(resources.text("name").get())));
        }
        List<String> listed = resources.strings("names");
        if (!listed.isEmpty()) {
            conditions.add(ResourceFilter.names(listed));
        }
        namespaces(resources, conditions);
        if (!annotations.isEmpty()) {
            conditions.add(ResourceFilter.annotations(annotations));
        }
        selector.ifPresent(s -> conditions.add(ResourceFilter.selector(s)));
        List<String> operations = resources.strings("operations");
        for (String operation : operations) {
            if (!OPERATIONS.contains(operation)) {
                throw resources.invalid("operations", "must list CREATE, UPDATE, DELETE or CONNECT, not " + SignetException.quote(operation));
            }
        }
        if (!operations.isEmpty()) {
            conditions.add(ResourceFilter.operations(operations));
        }
    }

    private void namespaces(PolicyFields block, List<ResourceFilter.Condition> conditions) {
        List<String> namespaces = block.strings("namespaces");
        if (!namespaces.isEmpty()) {
            conditions.add(ResourceFilter.namespaces(namespaces));
        }
        block.object("namespaceSelector").map(this::labelSelector).ifPresent(s -> conditions.add(ResourceFilter.namespaceSelector(s)));
    }

    private ResourceFilter clause(String path, List<ResourceFilter.Condition> conditions, List<String> unevaluated, boolean exclude) {
        String effect = exclude ? "so this exclude clause never excludes" : "so this match clause counts them as matching";
        if (!unevaluated.isEmpty()) {
            compilation.note(LoadNote.Kind.STRICTER, path + ": Signet cannot evaluate " + String.join(", ", unevaluated) + ", " + effect);
        } else if (conditions.isEmpty()) {
            compilation.note(LoadNote.Kind.STRICTER, path + " is empty (Kyverno refuses an empty clause), " + (exclude ? "so it never excludes" : "so it matches everything"));
        }
        return new ResourceFilter(path, conditions, unevaluated);
    }

    /**
     * Kyverno's {@code validationFailureActionOverrides}: a list of {@code action}, {@code namespaces} (globs) and
     * {@code namespaceSelector}. An action other than Enforce or Audit is refused, as Kyverno's CRD refuses it.
     */
    List<ActionOverride> actionOverrides(PolicyFields spec, String field) {
        JsonNode list = spec.optionalList(field);
        List<ActionOverride> overrides = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            PolicyFields entry = compilation.fields(list.get(i), spec.pathOf(field) + "[" + i + "]");
            String text = entry.requiredText("action");
            EnforcementAction action = EnforcementAction.parse(text)
                    .orElseThrow(() -> entry.invalid("action", "must be Enforce or Audit, not " + SignetException.quote(text)));
            Optional<List<String>> namespaces = entry.has("namespaces") ? Optional.of(entry.strings("namespaces")) : Optional.empty();
            overrides.add(new ActionOverride(action, namespaces, entry.object("namespaceSelector").map(this::labelSelector)));
        }
        return overrides;
    }

    LabelSelector labelSelector(PolicyFields node) {
        Map<String, String> labels = node.stringMap("matchLabels");
        List<LabelSelector.Requirement> requirements = new ArrayList<>();
        JsonNode expressions = node.optionalList("matchExpressions");
        for (int i = 0; i < expressions.size(); i++) {
            PolicyFields expression = compilation.fields(expressions.get(i), node.pathOf("matchExpressions") + "[" + i + "]");
            String key = expression.requiredText("key");
            String operator = expression.requiredText("operator");
            LabelSelector.Operator op = switch (operator) {
                case "In" -> LabelSelector.Operator.IN;
                case "NotIn" -> LabelSelector.Operator.NOT_IN;
                case "Exists" -> LabelSelector.Operator.EXISTS;
                case "DoesNotExist" -> LabelSelector.Operator.DOES_NOT_EXIST;
                default -> throw expression.invalid("operator", "must be In, NotIn, Exists or DoesNotExist, not " + SignetException.quote(operator));
            };
            requirements.add(new LabelSelector.Requirement(key, op, Set.copyOf(expression.strings("values"))));
        }
        LabelSelector selector = new LabelSelector(labels, requirements);
        if (!selector.valid()) {
            compilation.note(LoadNote.Kind.STRICTER, node.path() + " is not a valid label selector (In and NotIn need values, Exists and DoesNotExist take none), "
                    + "so Signet cannot evaluate it: it matches in match, never excludes, and an override with it only ever enforces");
        }
        return selector;
    }
}

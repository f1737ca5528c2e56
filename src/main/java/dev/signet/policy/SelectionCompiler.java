package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles {@code match} and {@code exclude} blocks: Signet's (one clause of namespaces and a namespace selector) and
 * Kyverno's ({@code any}/{@code all} lists of {@code resources} clauses, or the older bare {@code resources}). The
 * parts Signet does not evaluate (Kyverno's {@code subjects}, {@code roles}, {@code clusterRoles}, resource
 * {@code names}, {@code selector}, {@code operations}, {@code annotations}) are left unread, so the compiled rule
 * lists them as not evaluated.
 */
final class SelectionCompiler {
    private final Compilation compilation;

    SelectionCompiler(Compilation compilation) {
        this.compilation = compilation;
    }

    /** Signet's block: {@code namespaces} and {@code namespaceSelector}. */
    Selection signet(PolicyFields parent, String field) {
        Optional<PolicyFields> block = parent.object(field);
        return block.map(fields -> new Selection(List.of(filter(fields, false)), List.of())).orElse(Selection.none());
    }

    /** Kyverno's block. */
    Selection kyverno(PolicyFields parent, String field) {
        Optional<PolicyFields> found = parent.object(field);
        if (found.isEmpty()) {
            return Selection.none();
        }
        PolicyFields block = found.get();
        List<ResourceFilter> any = new ArrayList<>();
        List<ResourceFilter> all = new ArrayList<>();
        block.object("resources").ifPresent(resources -> all.add(filter(resources, true)));
        for (String list : List.of("any", "all")) {
            JsonNode clauses = block.optionalList(list);
            for (int c = 0; c < clauses.size(); c++) {
                PolicyFields clause = compilation.fields(clauses.get(c), block.pathOf(list) + "[" + c + "]");
                ResourceFilter filter = clause.object("resources").map(resources -> filter(resources, true)).orElse(ResourceFilter.everything());
                ("any".equals(list) ? any : all).add(filter);
            }
        }
        return new Selection(any, all);
    }

    private ResourceFilter filter(PolicyFields block, boolean withKinds) {
        List<String> kinds = withKinds ? block.strings("kinds") : List.of();
        List<Pattern> namespaces = block.strings("namespaces").stream().map(ResourceFilter::glob).toList();
        Optional<LabelSelector> selector = block.object("namespaceSelector").map(this::labelSelector);
        return new ResourceFilter(Set.copyOf(kinds.stream().map(ResourceFilter::kindOf).toList()), namespaces, selector);
    }

    private LabelSelector labelSelector(PolicyFields node) {
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
        return new LabelSelector(labels, requirements);
    }
}

package dev.signet.conditions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kyverno's {@code {{ }}} substitution (pkg/engine/variables/vars.go {@code substituteVariablesIfAny}, regex/vars.go):
 * a variable is {@code {{ expr }}} at the start of a string or after any character but a backslash; a string that
 * is exactly one variable becomes the expression's value (any JSON type), otherwise each variable is replaced by the
 * value's text (strings as they are, everything else as Go's {@code json.Marshal} writes it). Substitution repeats
 * while variables remain, so nested ones resolve inside out ({@code {{ time_since('', '{{ a }}', '') }}});
 * {@code {{- expr }}} is substituted once and its result's {@code {{} escaped; {@code \{{} stays literal.
 *
 * <p>Signet substitutes once per condition where Kyverno substitutes twice (conditions, then again in Evaluate), so
 * a {@code {{ }}} inside attestation data is never evaluated as an expression.
 */
final class Variables {
    private final KyvernoJmesPath jmesPath;

    Variables(KyvernoJmesPath jmesPath) {
        this.jmesPath = jmesPath;
    }

    /** Substitutes every string (and object key) in {@code template}. */
    JsonNode substitute(JsonNode template, JsonNode document, Budget budget) {
        if (template.isTextual()) {
            return string(template.textValue(), document, budget);
        }
        if (template.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            template.forEach(element -> out.add(substitute(element, document, budget)));
            return out;
        }
        if (template.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode key = string(entry.getKey(), document, budget);
                out.set(key.isTextual() ? key.textValue() : GoValues.marshal(key), substitute(entry.getValue(), document, budget));
            }
            return out;
        }
        return template;
    }

    private JsonNode string(String text, JsonNode document, Budget budget) {
        String value = text;
        List<String> variables = find(value, budget);
        int rounds = 0;
        while (!variables.isEmpty()) {
            if (++rounds > jmesPath.limits().maxSubstitutions()) {
                throw new ExpressionException("more than " + jmesPath.limits().maxSubstitutions() + " rounds of {{ }} substitution");
            }
            String original = value;
            boolean shallow = false;
            for (String match : variables) {
                boolean initial = match.startsWith("{{");
                String variable = initial ? match : match.substring(1);
                String prefix = initial ? "" : match.substring(0, 1);
                String expression = variable.replace("{{", "").replace("}}", "").strip();
                shallow = expression.startsWith("-");
                if (shallow) {
                    expression = expression.substring(1).strip();
                }
                JsonNode result = jmesPath.search(jmesPath.compile(expression), document, budget);
                if (original.equals(variable)) {
                    return result;
                }
                String replacement = result.isTextual() ? result.textValue() : GoValues.marshal(result);
                if (shallow && result.isTextual()) {
                    replacement = replacement.replace("{{", "\\{{");
                }
                value = value.replaceFirst(Pattern.quote(prefix + variable), Matcher.quoteReplacement(prefix + replacement));
                if (value.length() > 1024 * 1024) {
                    throw new ExpressionException("substituted text grew past 1 MiB");
                }
            }
            variables = shallow ? List.of() : find(value, budget);
        }
        return JsonNodeFactory.instance.textNode(value.replace("\\{{", "{{"));
    }

    /**
     * Go's {@code RegexVariables.FindAllString}, scanned by hand: {@code (^|[^\\])\{\{(?:\{[^{}]*\}|[^{}])*\}\}}.
     * Java's regex engine recurses once per repetition and overflows its stack on long data; this does not.
     */
    static List<String> find(String text, Budget budget) {
        List<String> found = new ArrayList<>();
        int p = 0;
        while (p < text.length()) {
            int end = p == 0 && text.startsWith("{{") ? close(text, 2, budget) : -1;
            if (end < 0 && text.charAt(p) != '\\' && text.startsWith("{{", p + 1)) {
                end = close(text, p + 3, budget);
            }
            if (end > 0) {
                found.add(text.substring(p, end));
                p = end;
            } else {
                p++;
            }
        }
        budget.charge(text.length() / 64 + 1);
        return found;
    }

    /** Where a variable whose body starts at {@code from} ends (after its closing braces), or -1. */
    private static int close(String text, int from, Budget budget) {
        int pos = from;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '}') {
                return text.startsWith("}}", pos) ? pos + 2 : -1;
            }
            if (c == '{') {
                int j = pos + 1;
                while (j < text.length() && text.charAt(j) != '{' && text.charAt(j) != '}') {
                    j++;
                }
                if (j == text.length() || text.charAt(j) == '{') {
                    return -1;
                }
                budget.charge((j - pos) / 64);
                pos = j + 1;
            } else {
                pos++;
            }
            if ((pos & 0xff) == 0) {
                budget.charge(4);
            }
        }
        return -1;
    }
}

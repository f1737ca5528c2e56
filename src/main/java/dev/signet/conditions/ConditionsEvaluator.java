package dev.signet.conditions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Compiles Kyverno {@code conditions} once and evaluates them against documents (an attestation's predicate, as
 * Kyverno's {@code EvaluateConditions} puts the predicate at the root of the context), within {@link Limits}.
 * Thread-safe: compiled expressions are shared, each evaluation has its own budget.
 */
public final class ConditionsEvaluator {
    private final KyvernoJmesPath jmesPath;
    private final Variables variables;
    private final Limits limits;
    private final Clock clock;

    public ConditionsEvaluator(Limits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jmesPath = new KyvernoJmesPath(limits);
        this.variables = new Variables(jmesPath);
    }

    /**
     * Reads and checks a {@code conditions} list: known operators, and every {@code {{ }}} expression compiles with
     * the functions Signet has, so a policy Signet cannot evaluate is refused at load time, not passed at admission.
     *
     * @throws ConditionsException naming {@code path} and the offending condition
     */
    public Conditions compile(JsonNode conditions, String path) {
        Conditions compiled = Conditions.read(conditions, path, limits);
        Budget budget = new Budget(limits.maxSteps(), System.nanoTime() + limits.maxTime().toNanos(), clock.instant());
        for (ConditionBlock block : compiled.blocks()) {
            List<Condition> all = new ArrayList<>(block.all());
            block.any().ifPresent(all::addAll);
            for (Condition condition : all) {
                for (JsonNode template : List.of(condition.key(), condition.value())) {
                    checkExpressions(template, condition.path(), budget);
                }
            }
        }
        return compiled;
    }

    /**
     * Checks one bare JMESPath expression (no {@code {{ }}}), as a policy field that holds one is read: it must compile
     * with the functions Signet has and within the size bounds.
     *
     * @throws ConditionsException naming {@code path} when it does not
     */
    public void checkExpression(String expression, String path) {
        try {
            jmesPath.compile(expression);
        } catch (ExpressionException e) {
            throw new ConditionsException(path, e.getMessage());
        }
    }

    /**
     * Kyverno's substitution of the variables in one string against a document ({@link Variables}), bounded as
     * conditions are: a string that is one variable becomes its value (any JSON type), else the values' text.
     *
     * @throws ConditionsException naming {@code path} when an expression cannot be parsed or evaluated, or exceeds a bound
     */
    public JsonNode substitute(String text, JsonNode document, String path) {
        String tooLarge = checkSize(document);
        if (tooLarge != null) {
            throw new ConditionsException(path, tooLarge);
        }
        Budget budget = new Budget(limits.maxSteps(), System.nanoTime() + limits.maxTime().toNanos(), clock.instant());
        try {
            JsonNode value = variables.substitute(JsonNodeFactory.instance.textNode(text), document, budget);
            budget.checkTime();
            return value;
        } catch (ExpressionException e) {
            throw new ConditionsException(path, e.getMessage());
        }
    }

    private void checkExpressions(JsonNode template, String path, Budget budget) {
        List<String> strings = new ArrayList<>();
        collectStrings(template, strings);
        for (String text : strings) {
            for (String variable : Variables.find(text, budget)) {
                String expression = variable.substring(variable.indexOf("{{")).replace("{{", "").replace("}}", "").strip();
                expression = expression.startsWith("-") ? expression.substring(1).strip() : expression;
                try {
                    jmesPath.compile(expression);
                } catch (ExpressionException e) {
                    throw new ConditionsException(path, e.getMessage());
                }
            }
        }
    }

    private static void collectStrings(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.textValue());
        } else if (node.isContainerNode()) {
            node.fieldNames().forEachRemaining(out::add);
            node.forEach(child -> collectStrings(child, out));
        }
    }

    /** Evaluates {@code conditions} with {@code document} as the JMESPath root. */
    public ConditionsResult evaluate(Conditions conditions, JsonNode document) {
        String tooLarge = checkSize(document);
        if (tooLarge != null) {
            return new ConditionsResult(ConditionsResult.Status.ERROR, List.of(), tooLarge);
        }
        Budget budget = new Budget(limits.maxSteps(), System.nanoTime() + limits.maxTime().toNanos(), clock.instant());
        List<ConditionOutcome> outcomes = new ArrayList<>();
        for (ConditionBlock block : conditions.blocks()) {
            ConditionOutcome.Status blockStatus = evaluate(block, document, budget, outcomes);
            if (blockStatus != ConditionOutcome.Status.PASSED) {
                return new ConditionsResult(blockStatus == ConditionOutcome.Status.ERROR ? ConditionsResult.Status.ERROR
                        : ConditionsResult.Status.FAIL, outcomes, "");
            }
        }
        return new ConditionsResult(ConditionsResult.Status.PASS, outcomes, "");
    }

    private ConditionOutcome.Status evaluate(ConditionBlock block, JsonNode document, Budget budget, List<ConditionOutcome> outcomes) {
        if (block.any().isPresent()) {
            boolean any = false;
            for (Condition condition : block.any().get()) {
                ConditionOutcome outcome = evaluate(condition, document, budget);
                outcomes.add(outcome);
                if (outcome.status() == ConditionOutcome.Status.ERROR) {
                    return ConditionOutcome.Status.ERROR;
                }
                if (outcome.status() == ConditionOutcome.Status.PASSED) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return ConditionOutcome.Status.FAILED;
            }
        }
        for (Condition condition : block.all()) {
            ConditionOutcome outcome = evaluate(condition, document, budget);
            outcomes.add(outcome);
            if (outcome.status() != ConditionOutcome.Status.PASSED) {
                return outcome.status();
            }
        }
        return ConditionOutcome.Status.PASSED;
    }

    private ConditionOutcome evaluate(Condition condition, JsonNode document, Budget budget) {
        JsonNode key;
        JsonNode value;
        try {
            key = variables.substitute(condition.key(), document, budget);
            value = variables.substitute(condition.value(), document, budget);
            budget.checkTime();
        } catch (ExpressionException e) {
            return new ConditionOutcome(condition, ConditionOutcome.Status.ERROR, "", "", e.getMessage());
        }
        boolean holds = switch (condition.operator()) {
            case EQUALS -> Equality.equals(key, value);
            case NOT_EQUALS -> Equality.notEquals(key, value);
            case IN, ANY_IN, ALL_IN, NOT_IN, ANY_NOT_IN, ALL_NOT_IN -> Membership.evaluate(condition.operator(), key, value);
            default -> Equality.order(condition.operator(), key, value);
        };
        return new ConditionOutcome(condition, holds ? ConditionOutcome.Status.PASSED : ConditionOutcome.Status.FAILED,
                seen(key), seen(value), "");
    }

    private static String seen(JsonNode node) {
        return node.isTextual() ? "\"" + node.textValue() + "\"" : GoValues.marshal(node);
    }

    /** Null when the document is within the depth and size limits, else why not (counted without recursion). */
    private String checkSize(JsonNode document) {
        Deque<JsonNode> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(document);
        depths.push(1);
        long count = 0;
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.pop();
            int depth = depths.pop();
            if (++count > limits.maxDocumentNodes()) {
                return "document has more than " + limits.maxDocumentNodes() + " values";
            }
            if (depth > limits.maxDocumentDepth()) {
                return "document nests deeper than " + limits.maxDocumentDepth() + " levels";
            }
            if (node.isContainerNode()) {
                for (JsonNode child : node) {
                    nodes.push(child);
                    depths.push(depth + 1);
                }
            }
        }
        return null;
    }
}

package dev.signet.conditions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.RuntimeConfiguration;
import io.burt.jmespath.function.Function;
import io.burt.jmespath.function.FunctionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JMESPath as Kyverno runs it: the standard functions of {@code io.burt:jmespath-jackson} plus Kyverno's own
 * ({@link #kyvernoFunctions()}), expressions compiled once and cached, refused before the parser sees them when they
 * are longer or nest deeper than {@link Limits} allow (the parser recurses).
 */
public final class KyvernoJmesPath {
    private static final int MAX_CACHED = 4096;

    private final BudgetedRuntime runtime;
    private final Limits limits;
    private final Map<String, Expression<JsonNode>> compiled = new ConcurrentHashMap<>();

    public KyvernoJmesPath(Limits limits) {
        this.limits = limits;
        List<Function> functions = new ArrayList<>();
        functions.addAll(StringFunctions.all());
        functions.addAll(ArithmeticFunctions.all());
        functions.addAll(TimeFunctions.all());
        functions.addAll(DataFunctions.all());
        FunctionRegistry registry = FunctionRegistry.defaultRegistry().extend(functions.toArray(Function[]::new));
        this.runtime = new BudgetedRuntime(RuntimeConfiguration.builder().withFunctionRegistry(registry).build());
    }

    /** The names of the functions Kyverno adds to JMESPath that Signet implements, sorted (for the README). */
    public static List<String> kyvernoFunctions() {
        TreeSet<String> names = new TreeSet<>();
        for (List<Function> group : List.of(StringFunctions.all(), ArithmeticFunctions.all(), TimeFunctions.all(), DataFunctions.all())) {
            group.forEach(function -> names.add(function.name()));
        }
        return List.copyOf(names);
    }

    /**
     * Compiles an expression, checking its size first.
     *
     * @throws ExpressionException when it is too large, too deep, or not JMESPath (unknown functions included)
     */
    Expression<JsonNode> compile(String expression) {
        Expression<JsonNode> cached = compiled.get(expression);
        if (cached != null) {
            return cached;
        }
        if (expression.length() > limits.maxExpressionLength()) {
            throw new ExpressionException("expression of " + expression.length() + " characters exceeds " + limits.maxExpressionLength());
        }
        int depth = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                if (++depth > limits.maxExpressionNesting()) {
                    throw new ExpressionException("expression nests deeper than " + limits.maxExpressionNesting());
                }
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            }
        }
        Expression<JsonNode> result;
        try {
            result = runtime.compile(expression);
        } catch (JmesPathException | StackOverflowError e) {
            String message = e instanceof StackOverflowError ? "expression nests too deeply" : String.valueOf(e.getMessage());
            throw new ExpressionException("not a JMESPath expression Signet can evaluate: " + SignetException.quote(message));
        }
        if (compiled.size() < MAX_CACHED) {
            compiled.put(expression, result);
        }
        return result;
    }

    /** Evaluates a compiled expression against {@code document}, charging {@code budget}. */
    JsonNode search(Expression<JsonNode> expression, JsonNode document, Budget budget) {
        return BudgetedRuntime.within(budget, () -> {
            try {
                JsonNode result = expression.search(document);
                return result == null ? runtime.createNull() : result;
            } catch (ExpressionException e) {
                throw e;
            } catch (StackOverflowError e) {
                throw new ExpressionException("evaluation nested too deeply");
            } catch (RuntimeException e) {
                throw new ExpressionException(SignetException.quote(String.valueOf(e.getMessage())));
            }
        });
    }

    Limits limits() {
        return limits;
    }
}

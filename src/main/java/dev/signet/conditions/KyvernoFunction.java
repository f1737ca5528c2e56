package dev.signet.conditions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.burt.jmespath.Adapter;
import io.burt.jmespath.function.ArgumentConstraint;
import io.burt.jmespath.function.BaseFunction;
import io.burt.jmespath.function.FunctionArgument;
import java.util.ArrayList;
import java.util.List;

/**
 * One of Kyverno's custom JMESPath functions (pkg/engine/jmespath), over Jackson trees. Argument types are checked
 * by the library against the constraints given; a body's own failure is an {@link ExpressionException} naming the
 * function, as Kyverno's function errors fail the rule.
 */
final class KyvernoFunction extends BaseFunction {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A function body over already evaluated arguments. */
    interface Body {
        JsonNode apply(Args args);
    }

    private final Body body;

    KyvernoFunction(String name, Body body, ArgumentConstraint... arguments) {
        super(name, arguments);
        this.body = body;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T> T callFunction(Adapter<T> runtime, List<FunctionArgument<T>> arguments) {
        List<JsonNode> values = new ArrayList<>(arguments.size());
        for (FunctionArgument<T> argument : arguments) {
            values.add((JsonNode) argument.value());
        }
        BudgetedRuntime.current().charge(1);
        return (T) body.apply(new Args(name(), values));
    }

    /** The evaluated arguments of one call, with Kyverno's conversions. */
    record Args(String function, List<JsonNode> values) {
        JsonNode get(int index) {
            return values.get(index);
        }

        int size() {
            return values.size();
        }

        /** A string argument; numbers are accepted where Kyverno prints them (regex_match, pattern_match). */
        String text(int index) {
            JsonNode value = values.get(index);
            if (value.isTextual()) {
                return value.textValue();
            }
            if (value.isNumber()) {
                return GoValues.sprint(value);
            }
            throw fail("argument " + (index + 1) + " must be a string");
        }

        double number(int index) {
            JsonNode value = values.get(index);
            if (!value.isNumber()) {
                throw fail("argument " + (index + 1) + " must be a number");
            }
            return value.asDouble();
        }

        ExpressionException fail(String cause) {
            return new ExpressionException(function + ": " + cause);
        }
    }

    static JsonNode text(String value) {
        return NODES.textNode(value);
    }

    static JsonNode number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? NODES.numberNode((long) value) : NODES.numberNode(value);
    }

    static ArrayNode array(List<JsonNode> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }
}

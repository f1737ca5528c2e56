package dev.signet.conditions;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.RuntimeConfiguration;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Jackson JMESPath runtime with Kyverno's functions, charging every field access and list expansion to the
 * {@link Budget} of the evaluation running on this thread, so no expression over any document outlives its budget.
 */
final class BudgetedRuntime extends JacksonRuntime {
    private static final ThreadLocal<Budget> CURRENT = new ThreadLocal<>();

    BudgetedRuntime(RuntimeConfiguration configuration) {
        super(configuration);
    }

    /** Runs {@code body} with {@code budget} charged for this thread's JMESPath work. */
    static <T> T within(Budget budget, Supplier<T> body) {
        Budget previous = CURRENT.get();
        CURRENT.set(budget);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The budget of the evaluation on this thread (functions charge their own work to it). */
    static Budget current() {
        Budget budget = CURRENT.get();
        if (budget == null) {
            throw new IllegalStateException("JMESPath evaluated outside a budget");
        }
        return budget;
    }

    @Override
    public List<JsonNode> toList(JsonNode value) {
        List<JsonNode> list = super.toList(value);
        current().charge(1 + list.size());
        return list;
    }

    @Override
    public JsonNode getProperty(JsonNode value, JsonNode name) {
        current().charge(1);
        return super.getProperty(value, name);
    }
}

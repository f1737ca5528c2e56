package dev.signet.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.Program;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates the CEL expressions of the manifests (webhook matchConditions, CRD x-kubernetes-validations) with Google's
 * cel-java, as the API server evaluates them with cel-go: every variable is dynamically typed JSON, as the API server
 * gives matchConditions {@code object}, {@code oldObject} and {@code request}
 * (https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#matching-requests-matchconditions)
 * and a schemaless {@code self}. An expression that does not compile is a test failure naming it; one that errs when
 * evaluated is reported as {@link Outcome#error()}, which the API server turns into the webhook's failurePolicy.
 */
final class Cel {
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final CelCompiler compiler;
    /** Compiling is the slow part; an expression is compiled once per test run. */
    private final Map<String, Program> programs = new ConcurrentHashMap<>();

    /** A compiler that knows the given variables, each of type {@code dyn}. */
    Cel(String... variables) {
        var builder = CelCompilerFactory.standardCelCompilerBuilder().setStandardMacros(CelStandardMacro.STANDARD_MACROS);
        for (String variable : variables) {
            builder.addVar(variable, SimpleType.DYN);
        }
        this.compiler = builder.build();
    }

    /** The result of one evaluation: a value, or the error the runtime raised. */
    record Outcome(Object value, String error) {
        boolean isTrue() {
            return Boolean.TRUE.equals(value);
        }
    }

    /** Evaluates {@code expression} with the variables bound to JSON values (a missing or null node is CEL's null). */
    Outcome eval(String expression, Map<String, JsonNode> bindings) {
        Program program = programs.computeIfAbsent(expression, this::compile);
        Map<String, Object> values = new LinkedHashMap<>();
        bindings.forEach((name, node) -> values.put(name, value(node)));
        try {
            return new Outcome(program.eval(values), null);
        } catch (CelEvaluationException e) {
            return new Outcome(null, e.getMessage());
        }
    }

    private Program compile(String expression) {
        try {
            CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
            return RUNTIME.createProgram(ast);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new AssertionError("compile CEL " + expression + ": " + e.getMessage(), e);
        }
    }

    /** JSON as CEL sees it: objects are maps, integers are int (long), other numbers double. */
    static Object value(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), value(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(value(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }
}

package dev.signet.conditions;

import static io.burt.jmespath.JmesPathType.ARRAY;
import static io.burt.jmespath.JmesPathType.NUMBER;
import static io.burt.jmespath.JmesPathType.STRING;
import static io.burt.jmespath.function.ArgumentConstraints.typeOf;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.function.Function;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * Kyverno's arithmetic (pkg/engine/jmespath/arithmetic.go) on numbers and Go durations: add, subtract, multiply,
 * divide, modulo, round and sum. Kyverno also computes with resource quantities ({@code 1Gi}); Signet does not,
 * and says so as an evaluation error rather than guess.
 */
final class ArithmeticFunctions {
    private ArithmeticFunctions() {
    }

    private enum Op {
        ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO
    }

    static List<Function> all() {
        return List.of(
                binary("add", Op.ADD), binary("subtract", Op.SUBTRACT), binary("multiply", Op.MULTIPLY),
                binary("divide", Op.DIVIDE), binary("modulo", Op.MODULO),
                new KyvernoFunction("round", ArithmeticFunctions::round, typeOf(NUMBER), typeOf(NUMBER)),
                new KyvernoFunction("sum", ArithmeticFunctions::sum, typeOf(ARRAY)));
    }

    private static Function binary(String name, Op op) {
        return new KyvernoFunction(name, a -> apply(a, op, a.get(0), a.get(1)), typeOf(NUMBER, STRING), typeOf(NUMBER, STRING));
    }

    private static JsonNode apply(KyvernoFunction.Args a, Op op, JsonNode left, JsonNode right) {
        Optional<Long> leftDuration = duration(left);
        Optional<Long> rightDuration = duration(right);
        if (left.isNumber() && right.isNumber()) {
            return numbers(a, op, left.asDouble(), right.asDouble());
        }
        if (leftDuration.isPresent() && rightDuration.isPresent()) {
            long l = leftDuration.get();
            long r = rightDuration.get();
            return switch (op) {
                case ADD -> text(Math.addExact(l, r), a);
                case SUBTRACT -> text(Math.subtractExact(l, r), a);
                case DIVIDE -> r == 0 ? fail(a, "divisor must not be zero") : KyvernoFunction.number((double) l / r);
                case MODULO -> r == 0 ? fail(a, "divisor must not be zero") : text(l % r, a);
                case MULTIPLY -> fail(a, "cannot multiply two durations");
            };
        }
        if (leftDuration.isPresent() && right.isNumber()) {
            double factor = right.asDouble();
            return switch (op) {
                case MULTIPLY -> text(Math.round(leftDuration.get() * factor), a);
                case DIVIDE -> factor == 0 ? fail(a, "divisor must not be zero") : text(Math.round(leftDuration.get() / factor), a);
                default -> fail(a, "cannot combine a duration and a number");
            };
        }
        if (left.isNumber() && rightDuration.isPresent() && op == Op.MULTIPLY) {
            return text(Math.round(rightDuration.get() * left.asDouble()), a);
        }
        return fail(a, "arguments must be numbers or Go durations (resource quantities are not supported by Signet)");
    }

    private static JsonNode numbers(KyvernoFunction.Args a, Op op, double l, double r) {
        return switch (op) {
            case ADD -> KyvernoFunction.number(l + r);
            case SUBTRACT -> KyvernoFunction.number(l - r);
            case MULTIPLY -> KyvernoFunction.number(l * r);
            case DIVIDE -> r == 0 ? fail(a, "divisor must not be zero") : KyvernoFunction.number(l / r);
            case MODULO -> {
                if (l != Math.rint(l) || r != Math.rint(r)) {
                    yield fail(a, "arguments must be integers");
                }
                yield r == 0 ? fail(a, "divisor must not be zero") : KyvernoFunction.number((long) l % (long) r);
            }
        };
    }

    private static JsonNode round(KyvernoFunction.Args a) {
        double digits = a.number(1);
        if (digits != Math.rint(digits) || digits < 0 || digits > 300) {
            throw a.fail("the number of decimal places must be a whole number from 0");
        }
        double value = a.number(0);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return KyvernoFunction.NODES.numberNode(value);
        }
        return KyvernoFunction.number(new BigDecimal(value).setScale((int) digits, RoundingMode.HALF_UP).doubleValue());
    }

    private static JsonNode sum(KyvernoFunction.Args a) {
        JsonNode items = a.get(0);
        if (items.isEmpty()) {
            throw a.fail("at least one element is required");
        }
        JsonNode total = items.get(0);
        for (int i = 1; i < items.size(); i++) {
            total = apply(a, Op.ADD, total, items.get(i));
        }
        if (!total.isNumber() && duration(total).isEmpty()) {
            throw a.fail("elements must be numbers or Go durations");
        }
        return total;
    }

    private static Optional<Long> duration(JsonNode value) {
        return value.isTextual() ? GoDuration.parse(value.textValue()) : Optional.empty();
    }

    private static JsonNode text(long nanos, KyvernoFunction.Args a) {
        return KyvernoFunction.text(GoDuration.format(nanos));
    }

    private static JsonNode fail(KyvernoFunction.Args a, String cause) {
        throw a.fail(cause);
    }
}

package dev.signet.conditions;

import static dev.signet.conditions.KyvernoFunction.text;
import static io.burt.jmespath.JmesPathType.STRING;
import static io.burt.jmespath.function.ArgumentConstraints.typeOf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import io.burt.jmespath.function.Function;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Kyverno's time functions (pkg/engine/jmespath/time.go): time_since, time_now, time_now_utc, time_add, time_parse,
 * time_utc, time_diff, time_before, time_after, time_between, time_truncate. "Now" is the evaluation's clock
 * reading, in UTC (Kyverno uses the process's local zone, which is UTC in its images).
 */
final class TimeFunctions {
    // seconds from Go's zero time (0001-01-01T00:00:00Z) to the Unix epoch: Truncate counts from Go's zero time
    private static final long GO_ZERO_TO_EPOCH = 62_135_596_800L;

    private TimeFunctions() {
    }

    static List<Function> all() {
        return List.of(
                new KyvernoFunction("time_since", TimeFunctions::since, typeOf(STRING), typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("time_now", a -> text(GoTime.format(now())), new io.burt.jmespath.function.ArgumentConstraint[0]),
                new KyvernoFunction("time_now_utc", a -> text(GoTime.format(now())), new io.burt.jmespath.function.ArgumentConstraint[0]),
                new KyvernoFunction("time_add", a -> text(GoTime.format(time(a, 0).plusNanos(duration(a, 1)))), typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("time_parse", TimeFunctions::parse, typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("time_utc", a -> text(GoTime.format(time(a, 0).withOffsetSameInstant(ZoneOffset.UTC))), typeOf(STRING)),
                new KyvernoFunction("time_diff", a -> text(GoDuration.format(between(time(a, 0), time(a, 1), a))), typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("time_before", a -> bool(time(a, 0).isBefore(time(a, 1))), typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("time_after", a -> bool(time(a, 0).isAfter(time(a, 1))), typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("time_between", a -> bool(time(a, 0).isAfter(time(a, 1)) && time(a, 0).isBefore(time(a, 2))),
                        typeOf(STRING), typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("time_truncate", TimeFunctions::truncate, typeOf(STRING), typeOf(STRING)));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.ofInstant(BudgetedRuntime.current().now(), ZoneOffset.UTC);
    }

    /** time_since(layout, start, end): end (or now when empty) minus start, as a Go duration; "" means RFC 3339. */
    private static JsonNode since(KyvernoFunction.Args a) {
        String layout = a.text(0);
        OffsetDateTime start = layout.isEmpty() ? time(a, 1) : laidOut(a, layout, 1);
        OffsetDateTime end = a.text(2).isEmpty() ? now() : layout.isEmpty() ? time(a, 2) : laidOut(a, layout, 2);
        return text(GoDuration.format(between(start, end, a)));
    }

    private static JsonNode parse(KyvernoFunction.Args a) {
        String layout = a.text(0);
        if (layout.matches("-?[0-9]{1,19}")) {
            try {
                long epoch = Long.parseLong(a.text(1));
                return text(GoTime.format(OffsetDateTime.ofInstant(Instant.ofEpochSecond(epoch), ZoneOffset.UTC)));
            } catch (NumberFormatException | DateTimeException e) {
                throw a.fail("epoch time " + SignetException.quote(a.text(1)) + " is not a number of seconds");
            }
        }
        return text(GoTime.format(laidOut(a, layout, 1)));
    }

    private static JsonNode truncate(KyvernoFunction.Args a) {
        OffsetDateTime time = time(a, 0);
        long step = duration(a, 1);
        if (step <= 0) {
            return text(GoTime.format(time));
        }
        BigInteger sinceZero = BigInteger.valueOf(time.toEpochSecond() + GO_ZERO_TO_EPOCH)
                .multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(time.getNano()));
        long remainder = sinceZero.mod(BigInteger.valueOf(step)).longValue();
        return text(GoTime.format(time.minusNanos(remainder)));
    }

    private static OffsetDateTime time(KyvernoFunction.Args a, int index) {
        return GoTime.rfc3339(a.text(index)).orElseThrow(() -> a.fail("argument " + (index + 1) + " "
                + SignetException.quote(a.text(index)) + " is not an RFC 3339 time"));
    }

    private static OffsetDateTime laidOut(KyvernoFunction.Args a, String layout, int index) {
        Optional<OffsetDateTime> parsed = GoTime.parse(layout, a.text(index));
        return parsed.orElseThrow(() -> a.fail("argument " + (index + 1) + " " + SignetException.quote(a.text(index))
                + " does not match the layout " + SignetException.quote(layout) + " (or the layout is not supported)"));
    }

    private static long duration(KyvernoFunction.Args a, int index) {
        return GoDuration.parse(a.text(index)).orElseThrow(() -> a.fail("argument " + (index + 1) + " "
                + SignetException.quote(a.text(index)) + " is not a Go duration"));
    }

    private static long between(OffsetDateTime start, OffsetDateTime end, KyvernoFunction.Args a) {
        try {
            return Duration.between(start, end).toNanos();
        } catch (ArithmeticException e) {
            // Go's Sub saturates at about 292 years
            return start.isBefore(end) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }

    private static JsonNode bool(boolean value) {
        return KyvernoFunction.NODES.booleanNode(value);
    }
}

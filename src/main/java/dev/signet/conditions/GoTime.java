package dev.signet.conditions;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * Go time layouts ({@code 2006-01-02T15:04:05Z07:00}) for Kyverno's time functions: RFC 3339 in and out, and the
 * common layout elements translated to a Java formatter (month and day names, zero-padded numbers, 12/24-hour
 * clocks, fractions, numeric zones). A layout with elements Signet does not translate is an evaluation error.
 */
final class GoTime {
    /** Go's {@code time.RFC3339} as {@code Format} writes it: whole seconds, {@code Z} for UTC. */
    static final DateTimeFormatter RFC3339_OUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

    private GoTime() {
    }

    /** Reads an RFC 3339 time as Go's {@code time.Parse(time.RFC3339, ...)} does (fractional seconds accepted). */
    static Optional<OffsetDateTime> rfc3339(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String format(OffsetDateTime time) {
        return RFC3339_OUT.format(time);
    }

    /** Parses {@code text} with a Go layout; empty when it does not match or the layout is not translatable. */
    static Optional<OffsetDateTime> parse(String layout, String text) {
        Optional<DateTimeFormatter> formatter = formatter(layout);
        if (formatter.isEmpty()) {
            return Optional.empty();
        }
        try {
            var parsed = formatter.get().parse(text);
            OffsetDateTime time = OffsetDateTime.of(
                    parsed.isSupported(ChronoField.YEAR) ? parsed.get(ChronoField.YEAR) : 0,
                    parsed.isSupported(ChronoField.MONTH_OF_YEAR) ? parsed.get(ChronoField.MONTH_OF_YEAR) : 1,
                    parsed.isSupported(ChronoField.DAY_OF_MONTH) ? parsed.get(ChronoField.DAY_OF_MONTH) : 1,
                    parsed.isSupported(ChronoField.HOUR_OF_DAY) ? parsed.get(ChronoField.HOUR_OF_DAY) : 0,
                    parsed.isSupported(ChronoField.MINUTE_OF_HOUR) ? parsed.get(ChronoField.MINUTE_OF_HOUR) : 0,
                    parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE) : 0,
                    parsed.isSupported(ChronoField.NANO_OF_SECOND) ? parsed.get(ChronoField.NANO_OF_SECOND) : 0,
                    parsed.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC);
            return Optional.of(time);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Go layout elements, longest first where one is a prefix of another, and the Java pattern for each. */
    private static final String[][] ELEMENTS = {
        {"January", "MMMM"}, {"Jan", "MMM"}, {"Monday", "EEEE"}, {"Mon", "EEE"}, {"2006", "uuuu"},
        {"Z07:00", "XXX"}, {"Z0700", "XX"}, {"Z07", "X"}, {"-07:00", "xxx"}, {"-0700", "xx"}, {"-07", "x"},
        {"01", "MM"}, {"02", "dd"}, {"_2", "ppd"}, {"15", "HH"}, {"03", "hh"}, {"04", "mm"}, {"05", "ss"},
        {"06", "uu"}, {"PM", "a"}, {"pm", "a"}, {"1", "M"}, {"2", "d"}, {"3", "h"}, {"4", "m"}, {"5", "s"},
    };

    static Optional<DateTimeFormatter> formatter(String layout) {
        if (layout.length() > 128) {
            return Optional.empty();
        }
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        outer:
        while (i < layout.length()) {
            if ((layout.startsWith(".0", i) || layout.startsWith(".9", i) || layout.startsWith(",0", i) || layout.startsWith(",9", i))) {
                int end = i + 1;
                while (end < layout.length() && layout.charAt(end) == layout.charAt(i + 1)) {
                    end++;
                }
                flush(builder, literal);
                int digits = end - i - 1;
                builder.appendFraction(ChronoField.NANO_OF_SECOND, layout.charAt(i + 1) == '9' ? 0 : digits, Math.max(digits, 9), true);
                i = end;
                continue;
            }
            if (layout.startsWith("MST", i)) {
                return Optional.empty();
            }
            for (String[] element : ELEMENTS) {
                if (layout.startsWith(element[0], i)) {
                    flush(builder, literal);
                    builder.appendPattern(element[1]);
                    i += element[0].length();
                    continue outer;
                }
            }
            literal.append(layout.charAt(i++));
        }
        flush(builder, literal);
        return Optional.of(builder.toFormatter(Locale.ROOT));
    }

    private static void flush(DateTimeFormatterBuilder builder, StringBuilder literal) {
        if (literal.length() > 0) {
            builder.appendLiteral(literal.toString());
            literal.setLength(0);
        }
    }
}

package dev.signet.conditions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Go's {@code time.Duration} text: {@link #parse} reads what {@code time.ParseDuration} reads ({@code 1h30m},
 * {@code -1.5s}, {@code 300ms}, {@code 2us}, {@code 0}), {@link #format} writes what {@code Duration.String()}
 * writes ({@code 1h0m0s}, {@code 1.5s}, {@code 300ms}); both in nanoseconds, with Go's overflow limit.
 */
final class GoDuration {
    private GoDuration() {
    }

    /** The duration in nanoseconds, or empty when {@code text} is not a Go duration. */
    static Optional<Long> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 256) {
            return Optional.empty();
        }
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            i++;
        }
        if (text.substring(i).equals("0")) {
            return Optional.of(0L);
        }
        if (i == text.length()) {
            return Optional.empty();
        }
        BigDecimal total = BigDecimal.ZERO;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            String number = text.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                return Optional.empty();
            }
            int unitStart = i;
            while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            long unit = switch (text.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> -1L;
            };
            if (unit < 0) {
                return Optional.empty();
            }
            String digits = number.startsWith(".") ? "0" + number : number.endsWith(".") ? number + "0" : number;
            total = total.add(new BigDecimal(digits).multiply(BigDecimal.valueOf(unit)));
            if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                return Optional.empty();
            }
        }
        long nanos = total.setScale(0, RoundingMode.DOWN).longValueExact();
        return Optional.of(negative ? -nanos : nanos);
    }

    /** Go's {@code Duration.String()}. */
    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        BigDecimal u = new BigDecimal(nanos).abs();
        if (u.compareTo(BigDecimal.valueOf(1_000_000_000L)) < 0) {
            if (u.compareTo(BigDecimal.valueOf(1_000L)) < 0) {
                return sign + u.toPlainString() + "ns";
            }
            if (u.compareTo(BigDecimal.valueOf(1_000_000L)) < 0) {
                return sign + fraction(u, 3) + "\u00b5s";
            }
            return sign + fraction(u, 6) + "ms";
        }
        BigDecimal[] minutes = u.divideAndRemainder(BigDecimal.valueOf(60_000_000_000L));
        String seconds = fraction(minutes[1], 9) + "s";
        long wholeMinutes = minutes[0].longValueExact();
        if (wholeMinutes == 0) {
            return sign + seconds;
        }
        long hours = wholeMinutes / 60;
        return sign + (hours > 0 ? hours + "h" : "") + (wholeMinutes % 60) + "m" + seconds;
    }

    private static String fraction(BigDecimal value, int scale) {
        BigDecimal scaled = value.movePointLeft(scale).stripTrailingZeros();
        return scaled.scale() < 0 ? scaled.setScale(0).toPlainString() : scaled.toPlainString();
    }
}

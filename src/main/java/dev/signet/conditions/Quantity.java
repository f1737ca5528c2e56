package dev.signet.conditions;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code resource.ParseQuantity}): a signed decimal with a binary suffix
 * ({@code Ki}..{@code Ei}), a decimal SI suffix ({@code n u m k M G T P E}) or a decimal exponent ({@code e3}), as
 * Kyverno's Equals and GreaterThan compare them ({@code 1Gi} > {@code 1G}, {@code 1000m} = {@code 1}).
 */
final class Quantity {
    private static final Pattern GRAMMAR = Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]{1,3})?");

    private Quantity() {
    }

    /** The exact value of a quantity, or empty when {@code text} is none. */
    static Optional<BigDecimal> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        Matcher matcher = GRAMMAR.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(matcher.group(1).startsWith("+.") || matcher.group(1).startsWith("-.")
                ? matcher.group(1).charAt(0) + "0" + matcher.group(1).substring(1)
                : matcher.group(1).startsWith(".") ? "0" + matcher.group(1) : matcher.group(1));
        String suffix = matcher.group(2);
        if (suffix == null) {
            return Optional.of(number);
        }
        return Optional.of(switch (suffix) {
            case "Ki" -> number.multiply(BigDecimal.valueOf(1L << 10));
            case "Mi" -> number.multiply(BigDecimal.valueOf(1L << 20));
            case "Gi" -> number.multiply(BigDecimal.valueOf(1L << 30));
            case "Ti" -> number.multiply(BigDecimal.valueOf(1L << 40));
            case "Pi" -> number.multiply(BigDecimal.valueOf(1L << 50));
            case "Ei" -> number.multiply(BigDecimal.valueOf(1L << 60));
            case "n" -> number.movePointLeft(9);
            case "u" -> number.movePointLeft(6);
            case "m" -> number.movePointLeft(3);
            case "k" -> number.movePointRight(3);
            case "M" -> number.movePointRight(6);
            case "G" -> number.movePointRight(9);
            case "T" -> number.movePointRight(12);
            case "P" -> number.movePointRight(15);
            case "E" -> number.movePointRight(18);
            default -> number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1).replace("+", "")));
        });
    }
}

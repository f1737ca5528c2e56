package dev.signet.conditions;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON values printed as Kyverno's Go code prints them, since conditions compare text: {@link #sprint} is
 * {@code fmt.Sprint} (what In/AnyIn compare; numbers are float64, so {@code 1e+06}), {@link #marshal} is
 * {@code json.Marshal} (what an embedded {@code {{ }}} of a non-string becomes: map keys sorted, HTML escaped).
 */
final class GoValues {
    private GoValues() {
    }

    static String sprint(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "<nil>";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return formatG(value.asDouble());
        }
        if (value.isBoolean()) {
            return String.valueOf(value.booleanValue());
        }
        StringBuilder out = new StringBuilder();
        if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                out.append(i == 0 ? "" : " ").append(sprint(value.get(i)));
            }
            return out.append(']').toString();
        }
        out.append("map[");
        boolean first = true;
        for (Map.Entry<String, JsonNode> entry : sorted(value).entrySet()) {
            out.append(first ? "" : " ").append(entry.getKey()).append(':').append(sprint(entry.getValue()));
            first = false;
        }
        return out.append(']').toString();
    }

    static String marshal(JsonNode value) {
        StringBuilder out = new StringBuilder();
        marshal(value, out);
        return out.toString();
    }

    private static void marshal(JsonNode value, StringBuilder out) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.append("null");
        } else if (value.isTextual()) {
            quote(value.textValue(), out);
        } else if (value.isNumber()) {
            out.append(formatJson(value.asDouble()));
        } else if (value.isBoolean()) {
            out.append(value.booleanValue());
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                out.append(i == 0 ? "" : ",");
                marshal(value.get(i), out);
            }
            out.append(']');
        } else {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> entry : sorted(value).entrySet()) {
                out.append(first ? "" : ",");
                quote(entry.getKey(), out);
                out.append(':');
                marshal(entry.getValue(), out);
                first = false;
            }
            out.append('}');
        }
    }

    private static Map<String, JsonNode> sorted(JsonNode object) {
        Map<String, JsonNode> fields = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            fields.put(entry.getKey(), entry.getValue());
        }
        return fields;
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** {@code strconv.FormatFloat(f, 'g', -1, 64)} as {@code %v} uses it: exponent form below 1e-4 and from 1e6. */
    static String formatG(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            return exponential(decimal, exponent, true);
        }
        return decimal.toPlainString();
    }

    /** {@code encoding/json}'s float64: plain unless below 1e-6 or from 1e21, exponents without padding. */
    static String formatJson(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            // encoding/json refuses these; Jackson reads 1e999 as infinity, so print what Go's %v would
            return formatG(value);
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double abs = Math.abs(value);
        if (abs < 1e-6 || abs >= 1e21) {
            return exponential(decimal, decimal.precision() - decimal.scale() - 1, false);
        }
        return decimal.toPlainString();
    }

    private static String exponential(BigDecimal decimal, int exponent, boolean padExponent) {
        String digits = decimal.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int magnitude = Math.abs(exponent);
        String exp = (padExponent && magnitude < 10 ? "0" : "") + magnitude;
        return (decimal.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
}

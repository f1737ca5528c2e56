package dev.signet.conditions;

import static dev.signet.conditions.KyvernoFunction.text;
import static io.burt.jmespath.JmesPathType.NUMBER;
import static io.burt.jmespath.JmesPathType.STRING;
import static io.burt.jmespath.function.ArgumentConstraints.typeOf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import io.burt.jmespath.function.Function;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Kyverno's string functions (pkg/engine/jmespath/functions.go): compare, equal_fold, replace, replace_all,
 * to_upper, to_lower, trim, trim_prefix, split, regex_replace_all, regex_replace_all_literal, regex_match,
 * pattern_match, to_boolean, base64_decode, base64_encode, path_canonicalize, truncate. Regular expressions are
 * Java's, not Go's RE2: the common syntax agrees, and the evaluation deadline stops a backtracking pattern.
 */
final class StringFunctions {
    private StringFunctions() {
    }

    static List<Function> all() {
        return List.of(
                new KyvernoFunction("compare", a -> KyvernoFunction.number(Integer.signum(a.text(0).compareTo(a.text(1)))), typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("equal_fold", a -> KyvernoFunction.NODES.booleanNode(a.text(0).equalsIgnoreCase(a.text(1))), typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("replace", StringFunctions::replace, typeOf(STRING), typeOf(STRING), typeOf(STRING), typeOf(NUMBER)),
                new KyvernoFunction("replace_all", a -> text(a.text(0).replace(a.text(1), a.text(2))), typeOf(STRING), typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("to_upper", a -> text(a.text(0).toUpperCase(Locale.ROOT)), typeOf(STRING)),
                new KyvernoFunction("to_lower", a -> text(a.text(0).toLowerCase(Locale.ROOT)), typeOf(STRING)),
                new KyvernoFunction("trim", a -> text(trim(a.text(0), a.text(1))), typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("trim_prefix", a -> text(a.text(0).startsWith(a.text(1)) ? a.text(0).substring(a.text(1).length()) : a.text(0)),
                        typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("split", StringFunctions::split, typeOf(STRING), typeOf(STRING)),
                new KyvernoFunction("regex_replace_all", a -> text(regex(a, 0).matcher(watched(a.text(1))).replaceAll(a.text(2))),
                        typeOf(STRING), typeOf(STRING, NUMBER), typeOf(STRING, NUMBER)),
                new KyvernoFunction("regex_replace_all_literal", a -> text(regex(a, 0).matcher(watched(a.text(1))).replaceAll(Matcher.quoteReplacement(a.text(2)))),
                        typeOf(STRING), typeOf(STRING, NUMBER), typeOf(STRING, NUMBER)),
                new KyvernoFunction("regex_match", a -> KyvernoFunction.NODES.booleanNode(regex(a, 0).matcher(watched(a.text(1))).find()),
                        typeOf(STRING), typeOf(STRING, NUMBER)),
                new KyvernoFunction("pattern_match", a -> KyvernoFunction.NODES.booleanNode(Wildcard.matches(a.text(0), a.text(1))),
                        typeOf(STRING), typeOf(STRING, NUMBER)),
                new KyvernoFunction("to_boolean", StringFunctions::toBoolean, typeOf(STRING)),
                new KyvernoFunction("base64_decode", StringFunctions::base64Decode, typeOf(STRING)),
                new KyvernoFunction("base64_encode", a -> text(Base64.getEncoder().encodeToString(a.text(0).getBytes(StandardCharsets.UTF_8))), typeOf(STRING)),
                new KyvernoFunction("path_canonicalize", a -> text(GoPaths.clean(a.text(0))), typeOf(STRING)),
                new KyvernoFunction("truncate", StringFunctions::truncate, typeOf(STRING), typeOf(NUMBER)));
    }

    /** Go's strings.Replace: the first {@code n} occurrences ({@code n} < 0: all); an empty old string matches between runes. */
    private static JsonNode replace(KyvernoFunction.Args a) {
        String source = a.text(0);
        String old = a.text(1);
        String replacement = a.text(2);
        long limit = a.number(3) < 0 ? Long.MAX_VALUE : (long) a.number(3);
        StringBuilder out = new StringBuilder();
        int from = 0;
        long done = 0;
        if (old.isEmpty()) {
            int at = 0;
            while (done < limit) {
                out.append(source, from, at).append(replacement);
                from = at;
                done++;
                if (at >= source.length()) {
                    break;
                }
                at += Character.charCount(source.codePointAt(at));
            }
        } else {
            for (int at = source.indexOf(old); at >= 0 && done < limit; at = source.indexOf(old, from), done++) {
                out.append(source, from, at).append(replacement);
                from = at + old.length();
            }
        }
        return text(out.append(source.substring(from)).toString());
    }

    /** Go's strings.Trim: cut leading and trailing runes that appear in the cutset. */
    private static String trim(String source, String cutset) {
        int start = 0;
        int end = source.length();
        while (start < end && cutset.indexOf(source.codePointAt(start)) >= 0) {
            start += Character.charCount(source.codePointAt(start));
        }
        while (end > start && cutset.indexOf(source.codePointBefore(end)) >= 0) {
            end -= Character.charCount(source.codePointBefore(end));
        }
        return source.substring(start, end);
    }

    /** Go's strings.Split: an empty separator splits into runes; otherwise every occurrence, empty parts kept. */
    private static JsonNode split(KyvernoFunction.Args a) {
        String source = a.text(0);
        String separator = a.text(1);
        List<JsonNode> parts = new ArrayList<>();
        if (separator.isEmpty()) {
            source.codePoints().forEach(cp -> parts.add(text(new String(Character.toChars(cp)))));
        } else {
            int from = 0;
            for (int at = source.indexOf(separator); at >= 0; at = source.indexOf(separator, from)) {
                parts.add(text(source.substring(from, at)));
                from = at + separator.length();
                BudgetedRuntime.current().charge(1);
            }
            parts.add(text(source.substring(from)));
        }
        return KyvernoFunction.array(parts);
    }

    private static JsonNode toBoolean(KyvernoFunction.Args a) {
        return switch (a.text(0).toLowerCase(Locale.ROOT)) {
            case "true" -> KyvernoFunction.NODES.booleanNode(true);
            case "false" -> KyvernoFunction.NODES.booleanNode(false);
            default -> throw a.fail("lower case value should be true or false");
        };
    }

    private static JsonNode base64Decode(KyvernoFunction.Args a) {
        try {
            return text(new String(Base64.getDecoder().decode(a.text(0)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw a.fail("not valid base64");
        }
    }

    /** aquilax/truncate with Kyverno's cut strategy: at most {@code length} runes, nothing appended. */
    private static JsonNode truncate(KyvernoFunction.Args a) {
        double length = a.number(1);
        if (length < 0) {
            throw a.fail("length must be at least 0");
        }
        String source = a.text(0);
        int runes = source.codePointCount(0, source.length());
        return length >= runes ? text(source) : text(source.substring(0, source.offsetByCodePoints(0, (int) length)));
    }

    private static Pattern regex(KyvernoFunction.Args a, int index) {
        try {
            return Pattern.compile(a.text(index));
        } catch (PatternSyntaxException e) {
            throw a.fail("invalid regular expression " + SignetException.quote(a.text(index)));
        }
    }

    private static CharSequence watched(String text) {
        return BudgetedRuntime.current().watch(text);
    }
}

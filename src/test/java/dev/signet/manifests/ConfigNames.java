package dev.signet.manifests;

import com.tngtech.archunit.core.domain.JavaClass;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The configuration properties the app knows, as patterns ({@code signet.signing.rules[*].key}): the methods of its
 * {@code @ConfigMapping} interfaces, walked into groups, lists and maps
 * (https://quarkus.io/guides/config-mappings), and the keys of application.properties. An environment variable names
 * a property when it is the property's name upper-cased with every other character replaced by {@code _}
 * (https://smallrye.io/smallrye-config/Main/config/environment-variables/); a variable that names none is silently
 * ignored by the app, which is what this class lets a test catch.
 */
final class ConfigNames {
    private ConfigNames() {
    }

    /** Property patterns: {@code [*]} stands for a list index, {@code *} for a map key. */
    static Set<String> known() {
        Set<String> patterns = new TreeSet<>();
        for (JavaClass type : CodeScan.MAIN) {
            if (type.isAnnotatedWith(ConfigMapping.class)) {
                Class<?> mapping = type.reflect();
                walk(mapping, mapping.getAnnotation(ConfigMapping.class).prefix(), patterns);
            }
        }
        for (String key : CodeScan.APPLICATION.stringPropertyNames()) {
            patterns.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        return patterns;
    }

    /** Whether environment variable {@code name} sets one of {@code patterns}. */
    static boolean isProperty(String name, Set<String> patterns) {
        return patterns.stream().anyMatch(p -> envRegex(p).matcher(name).matches());
    }

    private static Pattern envRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("[*]", i)) {
                regex.append("_\\d+_");
                i += 2;
            } else if (c == '*') {
                regex.append("[A-Z0-9_]+");
            } else if (Character.isLetterOrDigit(c)) {
                regex.append(Character.toUpperCase(c));
            } else {
                regex.append('_');
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static void walk(Class<?> group, String prefix, Set<String> patterns) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            WithName renamed = method.getAnnotation(WithName.class);
            String name = prefix + "." + (renamed != null ? renamed.value() : kebab(method.getName()));
            add(unwrapOptional(method.getGenericReturnType()), name, patterns);
        }
    }

    private static void add(Type type, String name, Set<String> patterns) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                patterns.add(name);
                add(arguments[0], name + "[*]", patterns);
                return;
            }
            if (Map.class.isAssignableFrom(raw)) {
                add(arguments[1], name + ".*", patterns);
                return;
            }
        }
        if (type instanceof Class<?> raw && raw.isInterface() && raw.getName().startsWith("dev.signet.")) {
            walk(raw, name, patterns);
        } else {
            patterns.add(name);
        }
    }

    private static Type unwrapOptional(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Optional.class) {
            return parameterized.getActualTypeArguments()[0];
        }
        return type;
    }

    /** {@code dedupeWindow} -> {@code dedupe-window}, as SmallRye names mapping methods. */
    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}

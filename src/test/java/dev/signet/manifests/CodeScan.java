package dev.signet.manifests;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.signet.events.EventTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the compiled main code declares, read from its class files (ArchUnit), so the manifest tests follow the code
 * instead of a list kept by hand: the CloudEvent types the Funqy functions consume, the JAX-RS endpoints, and the
 * constants of {@link EventTypes}.
 */
final class CodeScan {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.signet");
    static final Properties APPLICATION = applicationProperties();

    private static final String FUNQ = "io.quarkus.funqy.Funq";
    private static final String CLOUD_EVENT_MAPPING = "io.quarkus.funqy.knative.events.CloudEventMapping";
    private static final String PATH = "jakarta.ws.rs.Path";
    private static final String HTTP_METHOD = "jakarta.ws.rs.HttpMethod";
    // https://quarkus.io/guides/funqy-knative-events#configuration-mapping
    private static final Pattern FUNQY_TRIGGER = Pattern.compile("quarkus\\.funqy\\.knative-events\\.mapping\\.(.+)\\.trigger");

    private CodeScan() {
    }

    /**
     * CloudEvent type -> the function that consumes it. Funqy dispatches on {@code @CloudEventMapping(trigger)},
     * overridden by {@code quarkus.funqy.knative-events.mapping.FN.trigger}; without either, the type is the
     * function's name (https://quarkus.io/guides/funqy-knative-events).
     */
    static Map<String, String> consumedEventTypes() {
        Map<String, String> overrides = new TreeMap<>();
        for (String key : APPLICATION.stringPropertyNames()) {
            String plain = key.startsWith("%prod.") ? key.substring("%prod.".length()) : key;
            Matcher matcher = FUNQY_TRIGGER.matcher(plain);
            if (matcher.matches()) {
                overrides.put(matcher.group(1), deployed(plain, null));
            }
        }
        Map<String, String> consumed = new TreeMap<>();
        for (JavaClass type : MAIN) {
            for (JavaMethod method : type.getMethods()) {
                Optional<JavaAnnotation<JavaMethod>> funq = method.tryGetAnnotationOfType(FUNQ);
                if (funq.isEmpty()) {
                    continue;
                }
                String function = funq.get().get("value").map(String::valueOf).filter(v -> !v.isEmpty()).orElse(method.getName());
                String trigger = method.tryGetAnnotationOfType(CLOUD_EVENT_MAPPING)
                        .flatMap(mapping -> mapping.get("trigger"))
                        .map(String::valueOf)
                        .filter(v -> !v.isEmpty())
                        .orElse(function);
                String where = type.getSimpleName() + "#" + method.getName();
                String previous = consumed.put(overrides.getOrDefault(function, trigger), where);
                if (previous != null) {
                    throw new IllegalStateException("scan functions: " + previous + " and " + where + " both consume " + trigger);
                }
            }
        }
        return consumed;
    }

    /**
     * {@code "POST /ingest/distribution"} for every JAX-RS resource method: the class's {@code @Path}, the method's,
     * under {@code quarkus.http.root-path} and {@code quarkus.rest.path} when application.properties sets them.
     */
    static Set<String> jaxRsEndpoints() {
        String prefix = join(deployed("quarkus.http.root-path", "/"), deployed("quarkus.rest.path", "/"));
        Set<String> endpoints = new TreeSet<>();
        for (JavaClass type : MAIN) {
            Optional<String> classPath = pathOf(type.tryGetAnnotationOfType(PATH));
            if (classPath.isEmpty()) {
                continue;
            }
            for (JavaMethod method : type.getMethods()) {
                Optional<String> verb = method.getAnnotations().stream()
                        .filter(a -> a.getRawType().isAnnotatedWith(HTTP_METHOD))
                        .map(a -> a.getRawType().getSimpleName())
                        .findFirst();
                if (verb.isPresent()) {
                    String path = join(prefix, join(classPath.get(), pathOf(method.tryGetAnnotationOfType(PATH)).orElse("/")));
                    endpoints.add(verb.get() + " " + path);
                }
            }
        }
        return endpoints;
    }

    /**
     * SmallRye Health's probe paths as this app serves them: {@code /q/health/live} and {@code /q/health/ready} by
     * default, moved by {@code quarkus.http.non-application-root-path} and {@code quarkus.smallrye-health.*}
     * (https://quarkus.io/guides/smallrye-health).
     */
    static String healthPath(String probe) {
        String fallback = switch (probe) {
            case "liveness" -> "live";
            case "readiness" -> "ready";
            default -> throw new IllegalArgumentException("health path: unknown probe " + probe);
        };
        String nonApplication = deployed("quarkus.http.non-application-root-path", "q");
        String root = deployed("quarkus.smallrye-health.root-path", "health");
        String path = deployed("quarkus.smallrye-health." + probe + "-path", fallback);
        return join(join(deployed("quarkus.http.root-path", "/"), nonApplication), join(root, path));
    }

    /** A property as the deployed app (the prod profile) sees it in application.properties. */
    static String deployed(String key, String fallback) {
        return APPLICATION.getProperty("%prod." + key, APPLICATION.getProperty(key, fallback));
    }

    /** The values of the public String constants of {@link EventTypes} that name event types (not extensions). */
    static Set<String> eventTypeConstants() {
        Set<String> types = new TreeSet<>();
        for (Field field : EventTypes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    String value = (String) field.get(null);
                    // extensions are bare lowercase attribute names; event types are dotted
                    if (value.contains(".")) {
                        types.add(value);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("read EventTypes." + field.getName(), e);
                }
            }
        }
        return types;
    }

    private static Optional<String> pathOf(Optional<? extends JavaAnnotation<?>> annotation) {
        return annotation.flatMap(a -> a.get("value")).map(String::valueOf);
    }

    /** Joins two URL paths with exactly one slash between them and a leading slash, no trailing one. */
    static String join(String first, String second) {
        String joined = ("/" + first + "/" + second).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static Properties applicationProperties() {
        Properties properties = new Properties();
        try (InputStream in = CodeScan.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read application.properties: " + e.getMessage(), e);
        }
        return properties;
    }
}

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Writes stand-ins for the SubstrateVM headers GraalVM ships with its JDK and Maven Central does not
 * ({@code include/*cpufeatures.h}, {@code include/svm_locale.h}). Before analysis the builder compiles a query program
 * against them to learn the layout of the C structs and the values of the C constants its Java code declares
 * ({@code @CStruct}, {@code @CField}, {@code @CConstant}). The stand-ins declare exactly those, read from the builder's
 * own classes, so they follow the builder version. The layouts they give are not the real ones: fine for a check
 * that never links or runs the image, wrong for anything else.
 *
 * <p>Run by {@code .ci/native/check}: {@code java StandInHeaders.java <builder jars dir> <output include dir>}.
 */
public final class StandInHeaders {
    /** Header file (as the directives name it) by the directives class whose C context declares its contents. */
    private static final Map<String, String> HEADERS = Map.of(
            "com.oracle.svm.core.amd64.AMD64LibCHelperDirectives", "amd64cpufeatures.h",
            "com.oracle.svm.core.aarch64.AArch64LibCHelperDirectives", "aarch64cpufeatures.h",
            "com.oracle.svm.core.riscv64.RISCV64LibCHelperDirectives", "riscv64cpufeatures.h",
            "com.oracle.svm.core.c.locale.LocaleDirectives", "svm_locale.h");

    public static void main(String[] args) throws Exception {
        Path jars = Path.of(args[0]);
        Path include = Path.of(args[1]);
        Files.createDirectories(include);
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> files = Files.list(jars)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            @SuppressWarnings("unchecked")
            Class<? extends Annotation> context = (Class<? extends Annotation>) loader.loadClass("org.graalvm.nativeimage.c.CContext");
            Map<String, StringBuilder> headers = new TreeMap<>();
            HEADERS.values().forEach(h -> headers.put(h, new StringBuilder()));
            for (String name : classNames(jars.resolve(svmJar(jars)))) {
                try {
                    Class<?> type = Class.forName(name, false, loader);
                    Class<?> declaring = type;
                    while (declaring.getAnnotation(context) == null && declaring.getEnclosingClass() != null) {
                        declaring = declaring.getEnclosingClass();
                    }
                    Annotation cContext = declaring.getAnnotation(context);
                    String header = cContext == null ? null : HEADERS.get(((Class<?>) value(cContext, "value")).getName());
                    if (header != null) {
                        declare(type, headers.get(header));
                    }
                } catch (LinkageError | ClassNotFoundException | TypeNotPresentException e) {
                    // a class that needs JDK internals (JVMCI) to load: it declares nothing for these headers
                }
            }
            for (Map.Entry<String, StringBuilder> header : headers.entrySet()) {
                String guard = header.getKey().toUpperCase().replaceAll("[^A-Z0-9]", "_");
                Files.writeString(include.resolve(header.getKey()), "/* stand-in written by .ci/native/StandInHeaders.java: names only, not the real layout */\n"
                        + "#ifndef " + guard + "\n#define " + guard + "\n" + header.getValue() + "#endif\n");
            }
        }
    }

    /** A struct for a {@code @CStruct} interface, a macro for each {@code @CConstant} method. */
    private static void declare(Class<?> type, StringBuilder out) throws ReflectiveOperationException {
        Annotation struct = annotation(type, "org.graalvm.nativeimage.c.struct.CStruct");
        if (struct != null) {
            String name = (String) value(struct, "value");
            name = name.isEmpty() ? type.getSimpleName() : name;
            Map<String, String> fields = new TreeMap<>();
            for (Method method : type.getDeclaredMethods()) {
                Annotation field = annotation(method, "org.graalvm.nativeimage.c.struct.CField");
                if (field != null && method.getParameterCount() == 0) {
                    String fieldName = (String) value(field, "value");
                    fields.put(fieldName.isEmpty() ? method.getName() : fieldName, cType(method.getReturnType()));
                }
            }
            out.append("struct ").append(name).append(" {\n");
            fields.forEach((field, cType) -> out.append("    ").append(cType).append(' ').append(field).append(";\n"));
            out.append("};\ntypedef struct ").append(name).append(' ').append(name).append(";\n");
        }
        for (Method method : type.getDeclaredMethods()) {
            Annotation constant = annotation(method, "org.graalvm.nativeimage.c.constant.CConstant");
            if (constant != null) {
                String name = (String) value(constant, "value");
                out.append("#define ").append(name.isEmpty() ? method.getName() : name).append(" 0\n");
            }
        }
    }

    private static String cType(Class<?> javaType) {
        if (javaType == boolean.class || javaType == byte.class) {
            return "char";
        } else if (javaType == short.class || javaType == char.class) {
            return "short";
        } else if (javaType == int.class) {
            return "int";
        } else if (javaType == long.class) {
            return "long long";
        } else if (javaType == float.class) {
            return "float";
        } else if (javaType == double.class) {
            return "double";
        }
        return "char *"; // a word or pointer type (CCharPointer in the locale struct)
    }

    private static Annotation annotation(java.lang.reflect.AnnotatedElement element, String type) {
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation.annotationType().getName().equals(type)) {
                return annotation;
            }
        }
        return null;
    }

    private static Object value(Annotation annotation, String attribute) throws ReflectiveOperationException {
        return annotation.annotationType().getMethod(attribute).invoke(annotation);
    }

    private static String svmJar(Path jars) throws IOException {
        try (Stream<Path> files = Files.list(jars)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("svm-\\d.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IOException("find the svm jar in " + jars + ": none"));
        }
    }

    private static List<String> classNames(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".class") && !n.contains("module-info")
                            && (n.contains("/amd64/") || n.contains("/aarch64/") || n.contains("/riscv64/") || n.contains("/c/locale/")))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
    }
}

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;

/**
 * Does the part of GraalVM's {@code native-image} driver that Maven Central does not publish: turns Quarkus'
 * {@code native-image.args} into the arguments of the builder itself ({@code NativeImageGeneratorRunner}).
 *
 * <p>Run by {@code .ci/native/check} as a JDK single-file program:
 * {@code java BuilderArgs.java <native-sources dir> <builder jars dir> <output dir>}. Writes to the output dir:
 * <ul>
 *   <li>{@code jvm.args}: a java launcher argument file, the builder JVM's options (Quarkus' {@code -J} options and the
 *       JDK-internal exports GraalVM's own JDK grants the builder and Temurin does not);</li>
 *   <li>{@code builder.args}: the builder's arguments, NUL-separated ({@code --image-args-file=}), the driver's API
 *       options rewritten to their hosted {@code -H:} form;</li>
 *   <li>the configuration the driver collects from each class-path jar's {@code META-INF/native-image/}:
 *       {@code native-image.properties} {@code Args} and the JSON metadata, minus what {@code --exclude-config} drops.</li>
 * </ul>
 * An option it does not know stops it: a check that silently dropped Quarkus' arguments would analyse another image.
 */
public final class BuilderArgs {
    /** The driver's JSON metadata files and the hosted option that names them as class-path resources. */
    private static final Map<String, String> METADATA = Map.of(
            "reflect-config.json", "ReflectionConfigurationResources",
            "proxy-config.json", "DynamicProxyConfigurationResources",
            "resource-config.json", "ResourceConfigurationResources",
            "jni-config.json", "JNIConfigurationResources",
            "serialization-config.json", "SerializationConfigurationResources",
            "predefined-classes-config.json", "PredefinedClassesConfigurationResources",
            "reachability-metadata.json", "ReachabilityMetadataResources");

    private final List<String> jvm = new ArrayList<>();
    private final List<String> builder = new ArrayList<>();
    private final List<Pattern[]> excluded = new ArrayList<>();
    private final List<Path> classPath = new ArrayList<>();
    private final Path sources;
    private String name;
    private String mainClass;

    private BuilderArgs(Path sources) {
        this.sources = sources;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java BuilderArgs.java <native-sources dir> <builder jars dir> <output dir>");
            System.exit(2);
        }
        Path sources = Path.of(args[0]).toAbsolutePath();
        Path jars = Path.of(args[1]).toAbsolutePath();
        Path out = Path.of(args[2]).toAbsolutePath();
        Files.createDirectories(out);

        BuilderArgs translation = new BuilderArgs(sources);
        String quarkusArgs = Files.readString(sources.resolve("native-image.args"));
        translation.translate(new ArrayList<>(Arrays.asList(quarkusArgs.trim().split("\\s+"))), "native-image.args");
        translation.readJarMetadata();
        translation.finish(out);

        List<String> jvmOptions = new ArrayList<>(translation.jvm);
        jvmOptions.addAll(internalExports(jars));
        Files.write(out.resolve("jvm.args"), jvmOptions, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("builder.args"), String.join("\0", translation.builder), StandardCharsets.UTF_8);
        System.out.println("native check: " + translation.classPath.size() + " class-path entries, " + translation.builder.size()
                + " builder arguments, " + jvmOptions.size() + " builder JVM options, image " + translation.name + " (main " + translation.mainClass + ")");
    }

    /** One driver argument list (the args file, or a jar's {@code Args}) into builder and JVM arguments. */
    private void translate(List<String> args, String origin) throws IOException {
        while (!args.isEmpty()) {
            String arg = args.remove(0);
            if (arg.startsWith("-J")) {
                jvm.add(arg.substring(2));
            } else if (arg.startsWith("-H:")) {
                builder.add(arg);
            } else if (arg.equals("-jar")) {
                jar(sources.resolve(take(args, arg, origin)));
            } else if (arg.equals("-o")) {
                name = take(args, arg, origin);
            } else if (arg.equals("--exclude-config")) {
                excluded.add(new Pattern[] {Pattern.compile(take(args, arg, origin)), Pattern.compile(take(args, arg, origin))});
            } else if (arg.equals("--no-fallback")) {
                builder.add("-H:FallbackThreshold=0");
            } else if (arg.equals("--link-at-build-time")) {
                // empty: every class, as the driver passes it from the command line
                builder.add("-H:LinkAtBuildTime=");
            } else if (arg.startsWith("--initialize-at-run-time=")) {
                classInitialization(value(arg), "run_time");
            } else if (arg.startsWith("--initialize-at-build-time=")) {
                classInitialization(value(arg), "build_time");
            } else if (arg.startsWith("--") && hosted(arg) != null) {
                builder.add("-H:" + hosted(arg) + "=" + value(arg));
            } else if (!arg.startsWith("-") && name == null && origin.equals("native-image.args")) {
                name = arg;
            } else {
                throw new IllegalArgumentException("translate native-image argument " + arg + " from " + origin
                        + ": not known to .ci/native/BuilderArgs.java; add its hosted -H: form there");
            }
        }
    }

    /** The driver options that are one hosted option with the same value. */
    private static String hosted(String arg) {
        String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        return switch (option) {
            case "--features" -> "Features";
            case "--enable-url-protocols" -> "EnableURLProtocols";
            case "--enable-monitoring" -> "EnableMonitoringFeatures";
            case "--enable-native-access" -> "EnableNativeAccess";
            case "--link-at-build-time" -> "LinkAtBuildTime";
            case "--trace-object-instantiation" -> "TraceObjectInstantiation";
            case "--trace-class-initialization" -> "TraceClassInitialization";
            default -> null;
        };
    }

    private void classInitialization(String classes, String when) {
        for (String name : classes.split(",")) {
            if (!name.isBlank()) {
                builder.add("-H:ClassInitialization=" + name + ":" + when);
            }
        }
    }

    /**
     * {@code -jar}: the jar, its manifest {@code Class-Path} and {@code Main-Class}, as the driver reads them, and its
     * {@code Add-Opens}/{@code Add-Exports}: Quarkus' runner jar opens {@code java.base/java.lang} there for
     * jboss-threads, whose class initialiser (run at build time) makes {@code Thread} fields accessible.
     */
    private void jar(Path jar) throws IOException {
        classPath.add(jar);
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            mainClass = manifest.getMainAttributes().getValue("Main-Class");
            for (String kind : List.of("Add-Opens", "Add-Exports")) {
                String packages = manifest.getMainAttributes().getValue(kind);
                if (packages != null) {
                    for (String modulePackage : packages.trim().split("\\s+")) {
                        jvm.add("--" + kind.toLowerCase(java.util.Locale.ROOT) + "=" + modulePackage + "=ALL-UNNAMED");
                    }
                }
            }
            String entries = manifest.getMainAttributes().getValue("Class-Path");
            if (entries != null) {
                for (String entry : entries.trim().split("\\s+")) {
                    classPath.add(jar.getParent().resolve(entry).normalize());
                }
            }
        }
    }

    /** What the driver collects from {@code META-INF/native-image/} of each class-path jar. */
    private void readJarMetadata() throws IOException {
        for (Path entry : classPath) {
            if (!Files.isRegularFile(entry)) {
                continue;
            }
            try (JarFile jar = new JarFile(entry.toFile())) {
                List<ZipEntry> entries = jar.stream().map(ZipEntry.class::cast)
                        .filter(e -> e.getName().startsWith("META-INF/native-image/") && !e.isDirectory())
                        .sorted((a, b) -> a.getName().compareTo(b.getName()))
                        .toList();
                for (ZipEntry e : entries) {
                    String file = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                    if (isExcluded(entry, "/" + e.getName())) {
                        continue;
                    }
                    if (file.equals("native-image.properties")) {
                        Properties properties = new Properties();
                        try (InputStream in = jar.getInputStream(e)) {
                            properties.load(in);
                        }
                        String args = properties.getProperty("Args", "").trim();
                        if (!args.isEmpty()) {
                            translate(new ArrayList<>(Arrays.asList(args.split("\\s+"))), entry.getFileName() + "!/" + e.getName());
                        }
                        String javaArgs = properties.getProperty("JavaArgs", "").trim();
                        if (!javaArgs.isEmpty()) {
                            jvm.addAll(Arrays.asList(javaArgs.split("\\s+")));
                        }
                    } else if (METADATA.containsKey(file)) {
                        builder.add("-H:" + METADATA.get(file) + "=" + e.getName());
                    }
                }
            }
        }
    }

    private boolean isExcluded(Path jar, String resource) {
        for (Pattern[] pair : excluded) {
            if (pair[0].matcher(jar.toString()).find() && pair[1].matcher(resource).find()) {
                return true;
            }
        }
        return false;
    }

    /** What the driver itself adds: the class path, the main class, where the image goes, a build id. */
    private void finish(Path out) {
        if (mainClass == null || name == null) {
            throw new IllegalArgumentException("translate native-image.args in " + sources + ": no -jar with a Main-Class or no image name; "
                    + "is it Quarkus' native-sources output?");
        }
        builder.add(0, "-imagecp");
        builder.add(1, classPath.stream().map(Path::toString).collect(Collectors.joining(":")));
        builder.add("-H:Class=" + mainClass);
        builder.add("-H:Name=" + name);
        builder.add("-H:Path=" + out.resolve("image"));
        builder.add("-H:ImageBuildID=" + UUID.randomUUID());
    }

    /**
     * GraalVM's JDK exports its internal packages to the builder's modules; Temurin does not, so every package of
     * every JDK module that is not already exported to everyone is exported to the builder modules and the class path.
     */
    private static List<String> internalExports(Path jars) {
        Set<String> builderModules = new TreeSet<>();
        ModuleFinder.of(jars).findAll().forEach(m -> builderModules.add(m.descriptor().name()));
        builderModules.add("ALL-UNNAMED");
        String targets = String.join(",", builderModules);
        // the JDK modules the builder's boot layer will hold: the default ones and what the builder modules require
        java.lang.module.Configuration layer = ModuleLayer.boot().configuration().resolve(
                ModuleFinder.compose(ModuleFinder.of(jars), ModuleFinder.ofSystem()), ModuleFinder.of(), builderModules.stream()
                        .filter(name -> !name.equals("ALL-UNNAMED")).toList());
        Set<String> resolved = new TreeSet<>();
        ModuleLayer.boot().modules().forEach(m -> resolved.add(m.getName()));
        layer.modules().forEach(m -> resolved.add(m.name()));
        Set<String> exports = new LinkedHashSet<>();
        ModuleFinder.ofSystem().findAll().stream()
                .map(ModuleReference::descriptor)
                // Temurin's own jdk.graal.compiler is replaced by the builder's (--upgrade-module-path)
                .filter(module -> resolved.contains(module.name()) && !builderModules.contains(module.name()))
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(module -> {
                    Set<String> public_ = module.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                            .collect(Collectors.toSet());
                    module.packages().stream().sorted().filter(p -> !public_.contains(p))
                            .forEach(p -> exports.add("--add-exports=" + module.name() + "/" + p + "=" + targets));
                });
        return new ArrayList<>(exports);
    }

    private static String take(List<String> args, String option, String origin) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("translate native-image argument " + option + " from " + origin + ": its value is missing");
        }
        return args.remove(0);
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }
}


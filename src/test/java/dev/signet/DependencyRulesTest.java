package dev.signet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * STYLE.md §2 made executable (ggcr's depcheck_test, jib's package map): dependencies point inward, each package
 * imports only the project packages and libraries its row allows, and the banned APIs stay where they belong.
 */
class DependencyRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.signet");

    private static final String JDK = "java..";
    /** javax.net.ssl and friends ship with the JDK too. */
    private static final String JDK_EXTENSIONS = "javax..";
    private static final String JACKSON = "com.fasterxml.jackson..";
    private static final String BOUNCY_CASTLE = "org.bouncycastle..";

    private static final String QUARKUS = "io.quarkus..";
    private static final String JAKARTA = "jakarta..";
    private static final String JBOSS_LOGGING = "org.jboss.logging..";
    private static final String MICROPROFILE = "org.eclipse.microprofile..";
    private static final String SMALLRYE = "io.smallrye..";
    private static final String MICROMETER = "io.micrometer..";

    /** What a package may import besides itself, the root package and the JDK: project packages (exact) and libraries. */
    record Row(List<String> project, List<String> libraries) {
        static Row of(List<String> project, String... libraries) {
            return new Row(project, List.of(libraries));
        }
    }

    /** {@code app} wires everything: it has no row of limits, only the rule that nothing imports it. */
    private static final String WIRING = "app";

    /** Every package (STYLE.md §2's table, one row per package, subpackages included); a package without a row fails. */
    private static final Map<String, Row> ALLOWED = Map.ofEntries(
            Map.entry("reference", Row.of(List.of())),
            Map.entry("json", Row.of(List.of("reference"), JACKSON, "org.yaml.snakeyaml..")),
            Map.entry("oci", Row.of(List.of("reference", "json"), JACKSON)),
            Map.entry("keys", Row.of(List.of(), BOUNCY_CASTLE)),
            // Kyverno conditions: pure, so policy (attestations) and the Kyverno variables of issue 17 can share it
            Map.entry("conditions", Row.of(List.of(), JACKSON, "io.burt.jmespath..")),
            Map.entry("signature", Row.of(List.of("reference", "json", "oci", "keys"), JACKSON)),
            Map.entry("sigstore", Row.of(List.of("reference", "json", "keys", "signature"), JACKSON, BOUNCY_CASTLE)),
            Map.entry("registry", Row.of(List.of("reference", "json", "oci", "registry.auth", "registry.transport"), JACKSON)),
            // the auth decorators name the registry's exceptions and sit on its transport
            Map.entry("registry.auth", Row.of(List.of("reference", "json", "oci", "registry", "registry.transport"), JACKSON)),
            Map.entry("registry.transport", Row.of(List.of())),
            Map.entry("signing", Row.of(List.of("reference", "oci", "keys", "signature", "registry"))),
            Map.entry("verification", Row.of(List.of("reference", "oci", "keys", "signature", "sigstore", "registry"))),
            // policy judges what verification found; it never talks to the registry itself
            // policy parses KMS key URIs at load (kms's KmsUri); the keys themselves come through the key provider port
            Map.entry("policy", Row.of(List.of("reference", "json", "oci", "keys", "signature", "sigstore", "verification", "conditions", "kms"), JACKSON,
                    "com.github.benmanes.caffeine..")),
            // KMS public keys over the JDK HTTP client; it implements keys' KeyProvider port for KMS references. STS answers
            // in XML, read with the JDK's own parser (java.xml's org.w3c.dom and org.xml.sax)
            Map.entry("kms", Row.of(List.of("keys", "json"), JACKSON, "org.w3c.dom..", "org.xml.sax..")),
            Map.entry("http", Row.of(List.of())),
            // cli reads the oci descriptors its services return (STYLE.md's row omits oci; reading results needs it)
            // cli also uses kube for cosign's k8s:// key references: a documented exception to "only app wires kube"
            Map.entry("cli", Row.of(List.of("reference", "oci", "keys", "signature", "registry", "registry.auth", "signing", "verification", "sigstore",
                    "policy", "kube", "kms"), "picocli..", "io.fabric8..", JACKSON)),
            // kube implements the keys, registry and http (TokenReviewer) ports; CredentialProvider speaks in reference.Registry
            // kube also feeds policies from informers into the policy repository, as JSON trees, and implements policy's
            // TrustedRoots port from ConfigMaps, which speaks in sigstore.TrustedRoot
            Map.entry("kube", Row.of(List.of("reference", "json", "keys", "registry", "registry.auth", "policy", "http", "sigstore"), "io.fabric8..", "org.slf4j..", JACKSON)),
            // the Funqy functions (signing and verification) and the wire records of the events they take and emit
            Map.entry("events", Row.of(List.of("reference", "keys", "signature", "signing", "verification", "policy", "events.outbound"),
                    QUARKUS, JAKARTA, MICROMETER, JACKSON, JBOSS_LOGGING, MICROPROFILE, "io.vertx..", SMALLRYE)),
            Map.entry("events.inbound", Row.of(List.of(), JACKSON, QUARKUS)),
            Map.entry("events.ingest", Row.of(List.of("reference", "events", "events.inbound", "http"), QUARKUS, JAKARTA, JACKSON, JBOSS_LOGGING,
                    MICROPROFILE, "io.vertx..", SMALLRYE)),
            Map.entry("events.outbound", Row.of(List.of("policy"), JACKSON, QUARKUS)),
            // the admission webhook: AdmissionReview in, the verifier's verdict out
            Map.entry("admission", Row.of(List.of("reference", "json", "policy", "events", "events.outbound", "http"), QUARKUS, JAKARTA, MICROMETER,
                    JACKSON, JBOSS_LOGGING, MICROPROFILE, SMALLRYE)));

    static Stream<Arguments> packages() {
        return ALLOWED.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void package_importsOnlyWhatItsRowAllows(String name, Row row) {
        List<String> packages = new ArrayList<>(List.of("dev.signet", "dev.signet." + name, JDK, JDK_EXTENSIONS));
        row.project().forEach(entry -> packages.add("dev.signet." + entry));
        packages.addAll(row.libraries());
        classes().that().resideInAPackage("dev.signet." + name)
                .should().onlyDependOnClassesThat().resideInAnyPackage(packages.toArray(String[]::new))
                .allowEmptyShould(true)
                .check(MAIN);
    }

    /** Every package of the main code, as {@code keys} or {@code registry.auth}, found from its package-info.java. */
    private static Set<String> packagesInSource() throws IOException {
        Path root = Path.of("src/main/java/dev/signet");
        try (Stream<Path> dirs = Files.walk(root)) {
            return dirs.filter(Files::isDirectory).filter(dir -> !dir.equals(root))
                    .filter(dir -> {
                        try (Stream<Path> files = Files.list(dir)) {
                            return files.anyMatch(file -> file.toString().endsWith(".java"));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(dir -> root.relativize(dir).toString().replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void everyPackage_hasARow_andAPackageInfo() throws IOException {
        Set<String> packages = packagesInSource();
        Set<String> rows = new TreeSet<>(ALLOWED.keySet());
        rows.add(WIRING);

        assertThat(packages).as("packages without a row in DependencyRulesTest.ALLOWED").isSubsetOf(rows);
        assertThat(rows).as("rows for packages that do not exist").isSubsetOf(packages);
        for (String name : packages) {
            assertThat(Path.of("src/main/java/dev/signet", name.replace('.', '/'), "package-info.java")).as(name).exists();
        }
    }

    /** The sentence a package-info states its dependencies in, up to its full stop. */
    private static final Pattern ALLOWED_LINE = Pattern.compile("Allowed dependencies:(.*?)\\.(?=\\s)", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\{@code (?:dev\\.signet\\.)?([a-z.]+)}");

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void packageInfo_namesTheProjectPackagesOfItsRow(String name, Row row) throws IOException {
        String text = Files.readString(Path.of("src/main/java/dev/signet", name.replace('.', '/'), "package-info.java"));
        Matcher line = ALLOWED_LINE.matcher(text);
        assertThat(line.find()).as(name + "'s package-info has an \"Allowed dependencies:\" sentence").isTrue();
        Set<String> named = new TreeSet<>();
        Matcher code = CODE.matcher(line.group(1));
        while (code.find()) {
            if (ALLOWED.containsKey(code.group(1))) {
                named.add(code.group(1));
            }
        }
        assertThat(named).as(name + "'s package-info").isEqualTo(new TreeSet<>(row.project()));
    }

    @Test
    void rootPackage_importsNothingOfTheProject() {
        classes().that().resideInAPackage("dev.signet")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.signet", JDK)
                .check(MAIN);
    }

    @Test
    void adapters_areImportedOnlyByAppWiring() {
        noClasses().that().resideOutsideOfPackages("dev.signet.app..", "dev.signet.events..", "dev.signet.admission..", "dev.signet.http..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.signet.app..", "dev.signet.events..", "dev.signet.admission..")
                .allowEmptyShould(true)
                .check(MAIN);
        noClasses().that().resideOutsideOfPackages("dev.signet.app..", "dev.signet.events..", "dev.signet.admission..", "dev.signet.http..",
                        "dev.signet.kube..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.signet.http..")
                .because("kube implements http's TokenReviewer port; nothing else outside the adapters needs http")
                .allowEmptyShould(true)
                .check(MAIN);
        noClasses().that().resideOutsideOfPackages("dev.signet.app..", "dev.signet.kube..", "dev.signet.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.signet.kube..")
                .because("kube implements ports for the app; the cli uses it only for k8s:// key references")
                .check(MAIN);
    }

    @Test
    void frameworks_stayInTheAdapters() {
        noClasses().that().resideOutsideOfPackages("dev.signet.app..", "dev.signet.events..", "dev.signet.admission..", "dev.signet.kube..",
                        "dev.signet.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "io.vertx..", "io.fabric8..")
                .check(MAIN);
        noClasses().that().resideInAPackage("dev.signet.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "io.vertx..")
                .because("the command line starts without Quarkus")
                .check(MAIN);
    }

    @Test
    void packages_areFreeOfCycles() {
        slices().matching("dev.signet.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(MAIN);
    }

    @Test
    void hashing_onlyInOciKeysSigstoreAndKms() {
        noClasses().that().resideOutsideOfPackages("dev.signet.oci..", "dev.signet.keys..", "dev.signet.sigstore..", "dev.signet.kms..")
                .should().callMethod(MessageDigest.class, "getInstance", String.class)
                .because("digests are computed by oci.Digests so every digest is made the same way; sigstore's hashes (Merkle"
                        + " nodes, log IDs, timestamp imprints in SHA-256/384/512) and kms's SigV4 hashes are protocol hashes, not content digests")
                .check(MAIN);
    }

    @Test
    void objectMapper_onlyBuiltByJson() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.signet.json.Json")
                .should().callConstructor(ObjectMapper.class)
                .orShould().callMethod(JsonMapper.class, "builder")
                .because("one configured mapper (json.Json) reads and writes every document")
                .check(MAIN);
    }

    @Test
    void environment_onlyReadByCompositionRoots() {
        noClasses().that().resideOutsideOfPackages("dev.signet.app..", "dev.signet.cli..")
                .should().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getProperty", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class, String.class)
                .because("configuration flows in once, through app (and the cli's Terminal)")
                .check(MAIN);
    }

    @Test
    void sleeping_neverInMainCode() {
        noClasses().should().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
                .because("waiting is scheduled, not slept, so tests and shutdown stay fast")
                .check(MAIN);
    }
}

package dev.signet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** package -> what it may import besides itself, the root package and the JDK (STYLE.md §2's table). */
    private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry("reference", List.of()),
            Map.entry("oci", List.of("reference", JACKSON, "org.yaml.snakeyaml..")),
            Map.entry("keys", List.of(BOUNCY_CASTLE)),
            // Kyverno conditions: pure, so policy (attestations) and the Kyverno variables of issue 17 can share it
            Map.entry("conditions", List.of(JACKSON, "io.burt.jmespath..")),
            Map.entry("signature", List.of("reference", "oci", "keys", JACKSON)),
            Map.entry("registry", List.of("reference", "oci", JACKSON)),
            Map.entry("signing", List.of("reference", "oci", "keys", "signature", "registry")),
            Map.entry("verification", List.of("reference", "oci", "keys", "signature", "registry")),
            Map.entry("policy", List.of("reference", "oci", "keys", "signature", "registry", "verification", JACKSON, "com.github.benmanes.caffeine..")),
            // cli reads the oci descriptors its services return (STYLE.md's row omits oci; reading results needs it)
            // cli also uses kube for cosign's k8s:// key references: a documented exception to "only app wires kube"
            Map.entry("cli", List.of("reference", "oci", "keys", "signature", "registry", "signing", "verification", "policy", "kube",
                    "picocli..", "io.fabric8..", JACKSON)),
            // kube implements the keys and registry ports; CredentialProvider speaks in reference.Registry
            // kube also feeds policies from informers into the policy repository, as JSON trees
            Map.entry("kube", List.of("reference", "oci", "keys", "registry", "policy", "io.fabric8..", "org.slf4j..", JACKSON)),
            // the event adapters read the service results they translate (keys' hint, signature layouts)
            Map.entry("events", List.of("reference", "keys", "signature", "signing", "verification", "policy",
                    "io.quarkus..", "jakarta..", "io.micrometer..", JACKSON, "org.jboss.logging..", "org.eclipse.microprofile..",
                    "io.vertx..", "io.smallrye..")),
            // the admission adapter and verifier functions: the wire around policy decisions
            Map.entry("admission", List.of("reference", "oci", "policy", "events", "io.quarkus..", "jakarta..", "io.micrometer..", JACKSON,
                    "org.jboss.logging..", "org.eclipse.microprofile..", "io.smallrye..")));

    static Stream<Arguments> packages() {
        return ALLOWED.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packages")
    void package_importsOnlyWhatItsRowAllows(String name, List<String> allowed) {
        List<String> packages = new ArrayList<>(List.of("dev.signet", "dev.signet." + name + "..", JDK, JDK_EXTENSIONS));
        for (String entry : allowed) {
            packages.add(entry.contains(".") ? entry : "dev.signet." + entry + "..");
        }
        classes().that().resideInAPackage("dev.signet." + name + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(packages.toArray(String[]::new))
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void rootPackage_importsNothingOfTheProject() {
        classes().that().resideInAPackage("dev.signet")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.signet", JDK)
                .check(MAIN);
    }

    @Test
    void adapters_areImportedOnlyByAppWiring() {
        noClasses().that().resideOutsideOfPackages("dev.signet.app..", "dev.signet.events..", "dev.signet.admission..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.signet.app..", "dev.signet.events..", "dev.signet.admission..")
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
    void hashing_onlyInOciAndKeys() {
        noClasses().that().resideOutsideOfPackages("dev.signet.oci..", "dev.signet.keys..")
                .should().callMethod(MessageDigest.class, "getInstance", String.class)
                .because("digests are computed by oci.Digests so every digest is made the same way")
                .check(MAIN);
    }

    @Test
    void objectMapper_onlyBuiltByOciJson() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.signet.oci.OciJson")
                .should().callConstructor(ObjectMapper.class)
                .orShould().callMethod(JsonMapper.class, "builder")
                .because("one configured mapper (oci.OciJson) reads and writes every document")
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

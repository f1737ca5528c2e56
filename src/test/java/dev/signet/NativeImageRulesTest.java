package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The native-image rules that can be checked on the JVM in a second, so a mistake is caught long before
 * {@code .ci/native/check} runs the builder for minutes. Reads the compiled main classes (bytecode, nothing is
 * initialised).
 *
 * <p>A random number generator in a static field is created when its class is initialised; Quarkus initialises
 * classes at native-image build time, so the generator would be seeded once on the build machine and frozen into the
 * image heap, the same state in every binary. The builder refuses it ("Detected an instance of Random/SplittableRandom
 * class in the image heap"). Create one per use instead. This scan sees the declared field type only: a generator
 * behind a field of another type is left to the builder's check.
 */
class NativeImageRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.signet");

    @Test
    void mainClasses_holdNoRandomInAStaticField() {
        assertThat(MAIN).as("main classes imported").isNotEmpty();
        assertThat(staticRandomFields(MAIN)).as("static fields holding a random number generator (create one per use)").isEmpty();
    }

    @Test
    void staticRandomFields_plantedGenerators_areFound() {
        JavaClasses planted = new ClassFileImporter().importClasses(PlantedRandoms.class, InstanceRandom.class);

        assertThat(staticRandomFields(planted)).containsExactlyInAnyOrder(
                PlantedRandoms.class.getName() + ".SECURE",
                PlantedRandoms.class.getName() + ".PLAIN",
                PlantedRandoms.class.getName() + ".SPLITTABLE",
                PlantedRandoms.class.getName() + ".thread");
    }

    /** {@code Class.field} for every static field whose declared type is a {@link Random} or {@link SplittableRandom}. */
    static List<String> staticRandomFields(JavaClasses classes) {
        return classes.stream()
                .flatMap(javaClass -> javaClass.getFields().stream())
                .filter(field -> field.getModifiers().contains(JavaModifier.STATIC))
                .filter(NativeImageRulesTest::holdsRandom)
                .map(field -> field.getOwner().getName() + "." + field.getName())
                .sorted()
                .toList();
    }

    private static boolean holdsRandom(JavaField field) {
        JavaClass type = field.getRawType();
        return type.isAssignableTo(Random.class) || type.isAssignableTo(SplittableRandom.class);
    }

    /** What the scan must find: SecureRandom, its Random base, SplittableRandom and a subclass (not final too). */
    @SuppressWarnings("unused")
    private static final class PlantedRandoms {
        private static final SecureRandom SECURE = new SecureRandom();
        private static final Random PLAIN = new Random();
        private static final SplittableRandom SPLITTABLE = new SplittableRandom();
        private static ThreadLocalRandom thread;
        private static final String NOT_RANDOM = "";
    }

    /** What it must leave alone: a generator per instance is created at run time. */
    @SuppressWarnings("unused")
    private static final class InstanceRandom {
        private final SecureRandom random = new SecureRandom();
    }
}

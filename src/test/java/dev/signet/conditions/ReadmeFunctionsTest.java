package dev.signet.conditions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's list of Kyverno's JMESPath functions is the list Signet has: none promised that is missing, none unsaid. */
class ReadmeFunctionsTest {
    @Test
    void readme_listsExactlyTheKyvernoFunctionsSignetHas() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Attestations in policies"), readme.indexOf("## Where Signet differs from Kyverno"));
        String listed = section.substring(section.indexOf("`ReadmeFunctionsTest`):"), section.indexOf("Conditions are compiled"));

        for (String function : KyvernoJmesPath.kyvernoFunctions()) {
            assertThat(listed).as("README lists %s", function).contains("`" + function + "`");
        }
        assertThat(listed.chars().filter(c -> c == '`').count() / 2).as("README lists no function Signet lacks")
                .isEqualTo(KyvernoJmesPath.kyvernoFunctions().size() + 1);
    }
}

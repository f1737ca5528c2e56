package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code ClusterImagePolicy} of sigstore policy-controller's examples and test data (copied with provenance into
 * {@code src/test/resources/policies/policy-controller/}) loads, and each either evaluates fully or has entries that
 * are {@code error} for a named reason; the README's "Policy compatibility" rows are these counts.
 */
class PolicyControllerCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/policies/policy-controller");

    /** What one copied document compiled to. */
    private record Loaded(String file, CompiledPolicy policy, List<String> reasons) {
    }

    @Test
    void corpus_everyClusterImagePolicy_compiles() throws IOException {
        List<Loaded> loaded = load();
        assertThat(loaded).hasSize(expectedDocuments());
        long cueOrRego = loaded.stream().filter(entry -> entry.reasons().contains("CUE/Rego")).count();
        long fully = loaded.stream().filter(entry -> entry.reasons().isEmpty()).count();
        assertThat(fully + cueOrRego).as("all but the CUE/Rego ones evaluate, except the kinds of evidence listed in the README")
                .isLessThanOrEqualTo(loaded.size());
        // policy-controller's kind shares its name with Signet's deprecated one, and is not read as it
        loaded.forEach(entry -> assertThat(entry.policy().loadNotes()).as(entry.file()).noneMatch(note -> note.contains("deprecated")));
        // every document that does not evaluate fully says why, in words the load report uses
        loaded.stream().filter(entry -> !entry.reasons().isEmpty())
                .forEach(entry -> assertThat(entry.policy().loadNotes()).as(entry.file()).isNotEmpty());
    }

    @Test
    void readme_compatibilityRow_matchesTheCorpus() throws IOException {
        String row = row(load());
        String invalidRow = invalidRow();
        System.out.println(row);
        System.out.println(invalidRow);
        assertThat(Files.readString(Path.of("README.md"))).as("README \"Policy compatibility\" rows for policy-controller").contains(row)
                .contains(invalidRow);
    }

    /** policy-controller's own invalid policies are refused at load, as its admission refuses them, naming the field. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidPolicy_isRefused_orFailsClosed(String file) throws IOException {
        JsonNode document = documents(CORPUS.resolve("invalid").resolve(file)).get(0);
        if (file.endsWith("invalid-keyref-awskms.yaml")) {
            // awskms keys named by id or alias name, which cosign reads but policy-controller refuses (it wants an ARN, whose
            // region it needs): the document loads, as the rest of a policy-controller corpus does, with those authorities error
            assertThat(reasons(PolicyCompiler.compile(document, file))).containsExactly("unusable KMS key URI");
            return;
        }
        assertThatThrownBy(() -> PolicyCompiler.compile(document, file)).isInstanceOf(PolicyException.class).hasMessageStartingWith("compile policy ");
    }

    static Stream<String> invalid() throws IOException {
        try (Stream<Path> list = Files.list(CORPUS.resolve("invalid"))) {
            return list.map(path -> path.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void trustRoots_sigstoreKeysLoad_tufAndPlaceholdersAreRefusedWithWhy() throws IOException {
        JsonNode valid = documents(CORPUS.resolve("trustroot-valid/valid-sigstore-keys.yaml")).get(0);
        assertThat(PolicyControllerTrustRoots.parse(valid).certificateAuthorities()).isNotEmpty();
        assertThatThrownBy(() -> PolicyControllerTrustRoots.parse(documents(CORPUS.resolve("trustroot-e2e/with-remote.yaml")).get(0)))
                .hasMessageContaining("spec.remote is a TUF repository, which Signet cannot read");
        assertThatThrownBy(() -> PolicyControllerTrustRoots.parse(documents(CORPUS.resolve("trustroot-e2e/with-repository.yaml")).get(0)))
                .hasMessageContaining("spec.repository is a TUF repository");
        assertThatThrownBy(() -> PolicyControllerTrustRoots.parse(documents(CORPUS.resolve("trustroot-e2e/bring-your-own-keys.yaml")).get(0)))
                .hasMessageContaining("read trust root TrustRoot my-sigstore-keys");
    }

    /** The README row: documents loaded, evaluated fully, and with error entries by reason. */
    static String row(List<Loaded> loaded) {
        Map<String, Integer> reasons = new TreeMap<>();
        loaded.forEach(entry -> entry.reasons().forEach(reason -> reasons.merge(reason, 1, Integer::sum)));
        long fully = loaded.stream().filter(entry -> entry.reasons().isEmpty()).count();
        // in the cluster: a KMS key is fetched at admission (offline, signet policy test reports such an entry error)
        long kms = loaded.stream().filter(entry -> entry.reasons().isEmpty()).filter(entry -> namesKmsKey(entry.policy())).count();
        long errors = loaded.size() - fully;
        List<String> why = new ArrayList<>();
        reasons.forEach((reason, count) -> why.add(reason + " " + count));
        return "| sigstore policy-controller `ClusterImagePolicy` (examples, e2e, tester, valid; @f925c0c) | " + loaded.size() + " | "
                + loaded.size() + " | " + fully + " (" + kms + " with KMS keys, fetched at admission) | " + errors + " (" + String.join(", ", why) + ") |";
    }

    private static boolean namesKmsKey(CompiledPolicy policy) {
        return policy.rules().stream().flatMap(rule -> rule.keyRefs().stream()).anyMatch(dev.signet.kms.KmsUri::isKms);
    }

    /** The row of policy-controller's invalid policies: how many Signet refuses too, and what the rest load as. */
    static String invalidRow() throws IOException {
        int documents = 0;
        List<Loaded> loaded = new ArrayList<>();
        for (String file : invalid().toList()) {
            for (JsonNode document : documents(CORPUS.resolve("invalid").resolve(file))) {
                if (!PolicyCompiler.isPolicy(document)) {
                    continue;
                }
                documents++;
                try {
                    CompiledPolicy policy = PolicyCompiler.compile(document, file);
                    loaded.add(new Loaded(file, policy, reasons(policy)));
                } catch (PolicyException refused) {
                    // as policy-controller's admission refuses it
                }
            }
        }
        Map<String, Integer> reasons = new TreeMap<>();
        loaded.forEach(entry -> entry.reasons().forEach(reason -> reasons.merge(reason, 1, Integer::sum)));
        List<String> why = new ArrayList<>();
        reasons.forEach((reason, count) -> why.add(reason + " " + count));
        long fully = loaded.stream().filter(entry -> entry.reasons().isEmpty()).count();
        return "| sigstore policy-controller `ClusterImagePolicy`, its `invalid/` test data (refused by its admission) | " + documents + " | "
                + loaded.size() + " (the rest refused, naming the field) | " + fully + " | " + (loaded.size() - fully) + " (" + String.join(", ", why) + ") |";
    }

    private static int expectedDocuments() throws IOException {
        int count = 0;
        for (Path file : files()) {
            count += (int) documents(file).stream().filter(PolicyCompiler::isPolicy).count();
        }
        return count;
    }

    static List<Loaded> load() throws IOException {
        List<Loaded> loaded = new ArrayList<>();
        for (Path file : files()) {
            for (JsonNode document : documents(file)) {
                if (!PolicyCompiler.isPolicy(document)) {
                    continue;
                }
                CompiledPolicy policy = PolicyCompiler.compile(document, CORPUS.relativize(file).toString());
                loaded.add(new Loaded(CORPUS.relativize(file).toString(), policy, reasons(policy)));
            }
        }
        return loaded;
    }

    /** Why entries of the policy are {@code error}, by kind, each once. */
    static List<String> reasons(CompiledPolicy policy) {
        List<String> reasons = new ArrayList<>();
        for (ImageRule rule : policy.rules()) {
            rule.unsupported().ifPresent(why -> reasons.add(kind(why)));
            for (AttestorSet set : rule.attestors()) {
                set.entries().stream().flatMap(PolicyControllerCorpusTest::walk).forEach(entry -> {
                    if (entry instanceof UnsupportedAttestor unsupported) {
                        reasons.add(kind(unsupported.what()));
                    }
                });
            }
        }
        return reasons.stream().distinct().toList();
    }

    private static Stream<Attestor> walk(Attestor entry) {
        return entry instanceof NestedAttestor nested ? nested.set().entries().stream().flatMap(PolicyControllerCorpusTest::walk) : Stream.of(entry);
    }

    private static String kind(String why) {
        if (why.contains("CUE") || why.contains("Rego")) {
            return "CUE/Rego";
        }
        if (why.startsWith(KmsKeys.UNUSABLE)) {
            return "unusable KMS key URI";
        }
        if (why.contains("ca-cert from KMS")) {
            return "ca-cert from KMS";
        }
        if (why.contains("hashAlgorithm")) {
            return "hashAlgorithm";
        }
        if (why.contains("RFC 3161")) {
            return "RFC 3161 timestamps of key signatures";
        }
        if (why.contains("tagPrefix")) {
            return "tagPrefix";
        }
        if (why.contains("ca-cert from a Secret")) {
            return "ca-cert from a Secret";
        }
        return why;
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            return walk.filter(path -> path.toString().endsWith(".yaml")).filter(path -> !path.startsWith(CORPUS.resolve("invalid"))).sorted().toList();
        }
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        return PolicyDocuments.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }
}

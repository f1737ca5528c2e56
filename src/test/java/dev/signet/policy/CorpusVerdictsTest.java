package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.policy.CorpusVerdicts.Contradicted;
import dev.signet.policy.CorpusVerdicts.Corpus;
import dev.signet.policy.CorpusVerdicts.Document;
import dev.signet.policy.CorpusVerdicts.NotEvaluable;
import dev.signet.policy.CorpusVerdicts.Outcome;
import dev.signet.policy.CorpusVerdicts.Proven;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The "a pod that passes and one that fails" for every copied policy of Kyverno's tests and of
 * policy-controller's examples, e2e, tester and valid data: each document Signet evaluates is given the test's trust
 * material ({@link CorpusTrust}), an image its rules cover, and pods judged by the real evaluator ({@link CorpusPods}).
 * One test per document; the summary asserts and prints the counts, which README.md's "Policy compatibility" quotes.
 */
class CorpusVerdictsTest {
    private static final Map<String, Outcome> OUTCOMES = new ConcurrentHashMap<>();

    private static Outcome outcome(Document document) {
        return OUTCOMES.computeIfAbsent(document.name(), name -> CorpusVerdicts.judge(document));
    }

    /**
     * Documents whose verdict looks wrong (a signed image denied or an unsigned one admitted), with why: not asserted
     * either way (the harness does not pin a behaviour it doubts), reported by the summary and skipped by their test.
     */
    static final Map<String, String> QUESTIONED = Map.of();

    /** At least this many documents proven per corpus: what the harness proved when written (a drop is a regression). */
    private static final Map<Corpus, Integer> PROVEN_FLOOR = Map.of(Corpus.KYVERNO, 39, Corpus.POLICY_CONTROLLER, 20);

    @TestFactory
    Stream<DynamicTest> kyvernoTests() {
        return tests(Corpus.KYVERNO);
    }

    @TestFactory
    Stream<DynamicTest> policyController() {
        return tests(Corpus.POLICY_CONTROLLER);
    }

    private static Stream<DynamicTest> tests(Corpus corpus) {
        return CorpusVerdicts.documents(corpus).stream().map(document -> DynamicTest.dynamicTest(document.name(), () -> {
            Outcome outcome = outcome(document);
            Assumptions.assumeFalse(QUESTIONED.containsKey(document.name()), () -> "verdict questioned: " + QUESTIONED.get(document.name()));
            assertThat(outcome).as("%s: %s", document.name(), outcome).isNotInstanceOf(Contradicted.class);
            if (outcome instanceof NotEvaluable not) {
                Assumptions.abort("not evaluable: " + not.reason() + " (" + not.detail() + ")");
            }
        }));
    }

    /** One corpus's outcomes: proven, questioned, and not evaluable by reason. */
    record Tally(Corpus corpus, int documents, int proven, Map<String, String> questioned, Map<String, Integer> notEvaluable) {
        int evaluable() {
            return proven + questioned.size();
        }

        /** The README's line for the corpus. */
        String line() {
            StringBuilder why = new StringBuilder();
            notEvaluable.forEach((reason, count) -> why.append(why.length() == 0 ? "" : ", ").append(reason).append(' ').append(count));
            return "- " + SOURCES.get(corpus) + ": " + proven + " of " + evaluable() + " evaluable documents proven with a passing and a failing pod"
                    + (questioned.isEmpty() ? "" : ", " + questioned.size() + " with a questioned verdict") + "; " + (documents - evaluable())
                    + " of " + documents + " not evaluable here (" + why + ")";
        }
    }

    private static final Map<Corpus, String> SOURCES = Map.of(Corpus.KYVERNO, "Kyverno's own tests (`kyverno-tests`)", Corpus.POLICY_CONTROLLER,
            "policy-controller's examples, e2e, tester and valid (`policy-controller`)");

    static Tally tally(Corpus corpus) {
        int documents = 0;
        int proven = 0;
        Map<String, String> questioned = new TreeMap<>();
        Map<String, Integer> notEvaluable = new TreeMap<>();
        for (Document document : CorpusVerdicts.documents(corpus)) {
            documents++;
            Outcome outcome = outcome(document);
            if (outcome instanceof Proven) {
                proven++;
            } else if (outcome instanceof NotEvaluable not) {
                notEvaluable.merge(not.reason(), 1, Integer::sum);
            } else {
                questioned.put(document.name(), ((Contradicted) outcome).detail());
            }
        }
        return new Tally(corpus, documents, proven, questioned, notEvaluable);
    }

    @Test
    void summary_countsPerCorpus_areTheReadmes() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        for (Corpus corpus : Corpus.values()) {
            System.out.println(tally(corpus).line());
        }
        for (Corpus corpus : Corpus.values()) {
            Tally tally = tally(corpus);
            StringBuilder table = new StringBuilder("| Document | Outcome |\n|---|---|\n");
            CorpusVerdicts.documents(corpus).forEach(document -> table.append("| ").append(document.name()).append(" | ").append(outcome(document))
                    .append(" |\n"));
            System.out.println(tally.line() + "\n" + table);

            assertThat(tally.questioned().keySet()).as("verdicts that look wrong, not listed in QUESTIONED: %s", tally.questioned())
                    .isSubsetOf(QUESTIONED.keySet());
            QUESTIONED.keySet().stream().filter(name -> CorpusVerdicts.documents(corpus).stream().anyMatch(document -> document.name().equals(name)))
                    .forEach(name -> assertThat(tally.questioned()).as("%s is still questioned (else drop it from QUESTIONED)", name).containsKey(name));
            assertThat(tally.proven()).as("%s documents proven", corpus).isGreaterThanOrEqualTo(PROVEN_FLOOR.get(corpus));
            assertThat(tally.proven() + tally.questioned().size() + tally.notEvaluable().values().stream().mapToInt(Integer::intValue).sum())
                    .isEqualTo(tally.documents());
            assertThat(readme).as("README.md's \"Policy compatibility\" line for %s", corpus).contains(tally.line());
        }
    }
}

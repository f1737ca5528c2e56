package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.keys.SigningKey;
import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.testing.sigstore.TestSigstore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * For one copied policy document: makes its trust material the test's ({@link CorpusTrust}), derives an image each
 * rule covers, and has the real evaluator judge a pod with that image signed as the policy asks and pods with it
 * unsigned or signed by strangers ({@link CorpusPods}). The result is data: proven, not evaluable (and why), or a
 * verdict that contradicts the policy.
 */
final class CorpusVerdicts {
    static final Path POLICIES = Path.of("src/test/resources/policies");
    /** One Sigstore stack for the whole harness: the keyless entries' root, and the one whose certificates pass. */
    static final TestSigstore SIGSTORE = TestSigstore.create();
    /** Another stack: certificates by the right identity under a root no policy trusts, for the failing pod. */
    static final TestSigstore STRANGER = TestSigstore.create();
    static final TrustedRoot ROOT = TrustedRoot.parse(SIGSTORE.trustedRootJson().getBytes(StandardCharsets.UTF_8), "test sigstore");

    private CorpusVerdicts() {
    }

    /** A corpus: its folder and whether its globs are policy-controller's. */
    enum Corpus {
        KYVERNO("kyverno-tests"),
        POLICY_CONTROLLER("policy-controller");

        final String folder;

        Corpus(String folder) {
            this.folder = folder;
        }
    }

    /** One policy document of a corpus file. */
    record Document(Corpus corpus, Path file, int index) {
        String name() {
            return POLICIES.resolve(corpus.folder).relativize(file) + "#" + index;
        }
    }

    /** What the harness found for a document. */
    sealed interface Outcome permits Proven, NotEvaluable, Contradicted {
    }

    /** A pod with each image passes, and each failing pod fails, as the policy's action says. */
    record Proven(List<String> images) implements Outcome {
    }

    /** Why the document was not judged, by {@code reason} (a short category) with the details. */
    record NotEvaluable(String reason, String detail) implements Outcome {
    }

    /** A verdict that contradicts the policy: a signed image denied or an unsigned one admitted. */
    record Contradicted(String detail) implements Outcome {
    }

    static List<Document> documents(Corpus corpus) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(POLICIES.resolve(corpus.folder))) {
            files = walk.filter(path -> path.toString().endsWith(".yaml")).filter(path -> !path.toString().contains("/invalid/")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Document> documents = new ArrayList<>();
        for (Path file : files) {
            List<JsonNode> nodes = PolicyDocuments.read(read(file), file.toString());
            for (int i = 0; i < nodes.size(); i++) {
                if (PolicyCompiler.isPolicy(nodes.get(i))) {
                    documents.add(new Document(corpus, file, i));
                }
            }
        }
        return documents;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Judges one document. */
    static Outcome judge(Document document) {
        CorpusTrust.Substituted substituted = CorpusTrust.substitutePems(read(document.file()));
        JsonNode node = PolicyDocuments.read(substituted.text(), document.name()).get(document.index());
        CompiledPolicy compiled;
        try {
            compiled = PolicyCompiler.compile(node, document.name());
        } catch (PolicyException e) {
            return new NotEvaluable("refused at load", e.getMessage());
        }
        List<String> unsupported = PolicyControllerCorpusTest.reasons(compiled);
        if (!unsupported.isEmpty()) {
            String first = unsupported.get(0);
            String reason = first.contains("Kyverno variable") ? "key from a context variable" : first.contains("Notary") ? "Notary" : first;
            return new NotEvaluable(reason, String.join(", ", unsupported));
        }
        CompiledPolicy policy = CorpusTrust.withRoot(compiled, ROOT);
        if (policy.rules().isEmpty()) {
            return new NotEvaluable("no verifyImages rule", "the policy's rules verify no image");
        }
        AdmissionSubject subject = CorpusPods.subject(policy, node);
        if (!policy.applies(subject)) {
            return new NotEvaluable("does not select a Pod", "the policy's match/exclude leave out a Pod in " + subject.namespace());
        }
        Map<String, SigningKey> keyRefs = new LinkedHashMap<>();
        Optional<NotEvaluable> evidence = CorpusPods.evidenceProblem(policy, keyRefs, substituted.privateKeys(), node);
        if (evidence.isPresent()) {
            return evidence.get();
        }
        List<ImageRule> rules = policy.rules().stream().filter(rule -> rule.selects(subject)).toList();
        if (rules.isEmpty()) {
            return new NotEvaluable("does not select a Pod", "no rule selects a Pod in " + subject.namespace());
        }
        List<ImageReference> images = new ArrayList<>();
        for (ImageRule rule : rules) {
            Optional<ImageReference> image = rule.images().stream().flatMap(pattern -> derive(pattern, document.corpus()).stream())
                    .filter(rule::covers).findFirst();
            if (image.isEmpty()) {
                return new NotEvaluable("no image derivable", rule.path() + ": no image derived from " + rule.images() + " is covered by the rule");
            }
            if (image.get().digest().isPresent()) {
                return new NotEvaluable("pattern names one digest", rule.path() + ": " + image.get() + " (no other image has that digest)");
            }
            if (!images.contains(image.get())) {
                images.add(image.get());
            }
        }
        List<String> proven = new ArrayList<>();
        for (ImageReference image : images) {
            Optional<Outcome> problem = new CorpusPods(policy, subject, substituted, keyRefs, node).judge(image);
            if (problem.isPresent()) {
                return problem.get();
            }
            proven.add(image.toString());
        }
        return new Proven(proven);
    }

    /** One image a glob names: {@code **} as {@code a/b}, {@code *} and {@code ?} as {@code x}; empty when that is no reference. */
    static Optional<ImageReference> derive(ImagePattern pattern, Corpus corpus) {
        String glob = pattern.toString();
        if (corpus == Corpus.POLICY_CONTROLLER && glob.equals("*")) {
            glob = "index.docker.io/library/*";
        }
        String concrete = glob.replace("**", "a/b").replace('*', 'x').replace('?', 'x');
        try {
            return Optional.of(ImageReference.parse(concrete));
        } catch (InvalidReferenceException e) {
            return Optional.empty();
        }
    }
}

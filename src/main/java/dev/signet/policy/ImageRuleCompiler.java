package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.reference.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Compiles one {@code verifyImages} entry (Kyverno's ImageVerification type, also Signet's): the image globs, the
 * signature type, the digest settings and the attestor sets. What Signet cannot check (Notary, attestations) makes
 * the rule {@code unsupported}, so every image it covers is {@code error}; fields it never read are listed as not
 * evaluated.
 */
final class ImageRuleCompiler {
    private final Compilation compilation;
    private final AttestorCompiler attestors;
    private int ruleIndex;

    ImageRuleCompiler(Compilation compilation) {
        this.compilation = compilation;
        this.attestors = new AttestorCompiler(compilation);
    }

    /**
     * @param actions the policy's action and overrides; for a Kyverno rule, with the rule's own action already settled
     *     from all its entries ({@link RuleActions#ofKyvernoRule})
     */
    ImageRule compile(JsonNode node, String path, RuleActions actions, Selection match, Selection exclude, List<String> unevaluated) {
        int mark = compilation.mark();
        PolicyFields entry = compilation.fields(node, path);
        Optional<EnforcementAction> entryAction = entry.text("failureAction")
                .map(text -> EnforcementAction.parse(text).orElseThrow(() -> entry.invalid("failureAction",
                        "must be Enforce or Audit, not " + SignetException.quote(text))));
        // Signet's own policies: an entry's failureAction is its own; Kyverno's: the rule's, settled over all entries
        RuleActions settled = compilation.kyverno() ? actions : entryAction.map(RuleActions::of).orElse(actions);
        List<ImagePattern> images = new ArrayList<>(patterns(entry, "imageReferences"));
        entry.text("image").ifPresent(image -> images.add(pattern(image, entry.pathOf("image"))));
        if (images.isEmpty()) {
            throw entry.invalidHere("names no images", "set imageReferences, e.g. [\"ghcr.io/acme/*\"]");
        }
        List<ImagePattern> skip = patterns(entry, "skipImageReferences");
        Optional<String> unsupported = Optional.empty();
        SignatureType type = SignatureType.ANY;
        Optional<String> typeText = entry.text("type");
        if (typeText.isPresent()) {
            switch (typeText.get()) {
                case "Cosign" -> type = SignatureType.COSIGN;
                case "SigstoreBundle" -> type = SignatureType.SIGSTORE_BUNDLE;
                case "Any" -> type = SignatureType.ANY;
                case "Notary" -> unsupported = Optional.of("Notary signatures are not supported");
                default -> throw entry.invalid("type", "must be Cosign, SigstoreBundle or Any, not " + SignetException.quote(typeText.get()));
            }
        }
        JsonNode attestations = entry.raw("attestations");
        if (attestations.isArray() && !attestations.isEmpty() && unsupported.isEmpty()) {
            unsupported = Optional.of("attestations (in-toto statements) are not verified yet");
        }
        Map<String, String> annotations = entry.stringMap("annotations");
        List<AttestorSet> sets = new ArrayList<>();
        Optional<String> key = entry.text("key");
        if (key.isPresent()) {
            // the deprecated short form: one attestor set whose one entry is this key (or these keys)
            sets.add(new AttestorSet(entry.pathOf("key"), OptionalInt.empty(), attestors.keyEntries(key.get(), entry.pathOf("key"), annotations)));
        }
        JsonNode setList = entry.raw("attestors");
        if (!setList.isMissingNode() && !setList.isNull()) {
            if (!setList.isArray()) {
                throw entry.invalid("attestors", "is not a list");
            }
            for (int a = 0; a < setList.size(); a++) {
                sets.add(attestors.set(setList.get(a), entry.pathOf("attestors") + "[" + a + "]", annotations, 0));
            }
        }
        if (sets.isEmpty() && unsupported.isEmpty()) {
            throw entry.invalidHere("has no attestors", "add attestors[].entries[].keys.publicKeys, or the short form key: |- PEM");
        }
        Optional<Repository> repository = entry.text("repository").map(text -> repository(text, entry.pathOf("repository")));
        boolean verifyDigest = entry.bool("verifyDigest", compilation.kyverno());
        boolean mutateDigest = entry.bool("mutateDigest", true);
        boolean required = entry.bool("required", true);
        List<String> notEvaluated = new ArrayList<>(unevaluated);
        notEvaluated.addAll(compilation.unreadSince(mark));
        return new ImageRule(ruleIndex++, path, settled.action(), settled.overrides(), match, exclude, images, skip, type, mutateDigest, verifyDigest, required,
                sets, repository, unsupported, notEvaluated);
    }

    private List<ImagePattern> patterns(PolicyFields entry, String field) {
        List<String> globs = entry.strings(field);
        List<ImagePattern> patterns = new ArrayList<>(globs.size());
        for (int i = 0; i < globs.size(); i++) {
            patterns.add(pattern(globs.get(i), entry.pathOf(field) + "[" + i + "]"));
        }
        return patterns;
    }

    private ImagePattern pattern(String glob, String path) {
        try {
            return ImagePattern.parse(glob);
        } catch (InvalidReferenceException e) {
            throw compilation.invalid(path, "is not an image pattern: " + e.getMessage());
        }
    }

    private Repository repository(String text, String path) {
        try {
            return ImageReference.parse(text).context();
        } catch (InvalidReferenceException e) {
            throw compilation.invalid(path, "is not a repository: " + e.getMessage());
        }
    }
}

package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.conditions.Conditions;
import dev.signet.conditions.ConditionsEvaluator;
import dev.signet.conditions.ConditionsException;
import dev.signet.conditions.Limits;
import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.reference.Repository;
import dev.signet.signature.PredicateTypes;
import dev.signet.signature.SignatureFormatException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Compiles one {@code verifyImages} entry (Kyverno's ImageVerification type, also Signet's): the image globs, the
 * signature type, the digest settings, the attestor sets and the attestations. What Signet cannot check (Notary, CUE or
 * Rego attestation policies) makes
 * the rule {@code unsupported}, so every image it covers is {@code error}; fields it never read are listed as not
 * evaluated.
 */
final class ImageRuleCompiler {
    /** Compiles conditions only (expressions are checked, nothing is evaluated): the clock is never read. */
    private static final ConditionsEvaluator CONDITIONS = new ConditionsEvaluator(Limits.defaults(), Clock.systemUTC());

    private final Compilation compilation;
    private final AttestorCompiler attestors;
    private int ruleIndex;

    ImageRuleCompiler(Compilation compilation) {
        this.compilation = compilation;
        this.attestors = new AttestorCompiler(compilation);
    }

    /**
     * @param extractors the Kyverno rule's {@code imageExtractors}, shared by its entries
     * @param actions the policy's action and overrides; for a Kyverno rule, with the rule's own action already settled
     *     from all its entries ({@link RuleActions#ofKyvernoRule})
     */
    ImageRule compile(JsonNode node, String path, RuleActions actions, Selection match, Selection exclude, Map<String, ImageExtractors> extractors,
            List<String> unevaluated) {
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
        if (entry.has("validate")) {
            // Kyverno's ImageVerification.Validate (deny conditions over the verified attestations and the request): a check
            // Signet does not make, so the rule is error rather than passing images the conditions would deny
            entry.raw("validate");
            unsupported = unsupported.or(() -> Optional.of(entry.pathOf("validate") + ": deny conditions on a verifyImages entry are not evaluated"));
        }
        Map<String, String> annotations = entry.stringMap("annotations");
        List<AttestorSet> sets = new ArrayList<>();
        Optional<String> key = entry.text("key");
        if (key.isPresent()) {
            // the deprecated short form: one attestor set whose one entry is this key (or these keys)
            if (KyvernoVariables.find(key.get()).isEmpty()) {
                attestors.sigstore().shortFormKey(entry.pathOf("key"));
            }
            sets.add(new AttestorSet(entry.pathOf("key"), OptionalInt.empty(), attestors.keyEntries(key.get(), entry.pathOf("key"), annotations, Optional.empty())));
        }
        if (compilation.kyverno() && key.isEmpty() && entry.text("issuer").filter(text -> !text.isEmpty()).isPresent()) {
            // the deprecated keyless short form: Kyverno's ImageVerification.Convert makes it one keyless entry (issuer,
            // subject, roots; no rekor block, so a Rekor entry is required)
            sets.add(new AttestorSet(entry.pathOf("issuer"), OptionalInt.empty(), List.of(attestors.sigstore().keyless(entry, entry.pathOf("issuer"),
                    annotations))));
        }
        JsonNode setList = entry.raw("attestors");
        // a Notary rule's attestors hold Notary certificates, not cosign material: the rule is unsupported, they are not read
        if (!setList.isMissingNode() && !setList.isNull() && !"Notary".equals(typeText.orElse(""))) {
            if (!setList.isArray()) {
                throw entry.invalid("attestors", "is not a list");
            }
            for (int a = 0; a < setList.size(); a++) {
                sets.add(attestors.set(setList.get(a), entry.pathOf("attestors") + "[" + a + "]", annotations, 0));
            }
        }
        List<AttestationRule> attestations = new ArrayList<>();
        JsonNode attestationList = entry.raw("attestations");
        if (!attestationList.isMissingNode() && !attestationList.isNull()) {
            if (!attestationList.isArray()) {
                throw entry.invalid("attestations", "is not a list");
            }
            for (int a = 0; a < attestationList.size(); a++) {
                AttestationRule attestation = attestation(attestationList.get(a), entry.pathOf("attestations") + "[" + a + "]", sets,
                        unsupported.isEmpty());
                if (attestation.predicateType().isEmpty()) {
                    unsupported = unsupported.or(() -> Optional.of(attestation.path() + ": attestation policies in CUE or Rego are not evaluated"));
                }
                JsonNode conditions = attestationList.get(a).path("conditions");
                // Kyverno evaluates them with the request and the image in its context (imageverifier.go checkAttestations);
                // where Signet lacks them, request.namespace would be null and a NotEquals pass: error, never a pass
                if (compilation.kyverno() && RequestContext.readsImage(conditions)) {
                    unsupported = unsupported.or(() -> Optional.of(attestation.path() + ".conditions: conditions that read the image being verified"
                            + " (image.*) are not evaluated"));
                } else if (compilation.kyverno() && !compilation.requestInHand() && RequestContext.readsAny(conditions)) {
                    unsupported = unsupported.or(() -> Optional.of(attestation.path() + ".conditions: conditions that read the request (request.*,"
                            + " images.*) are evaluated with it at admission; where no request is in hand (the CI gate, pre-warming)"));
                }
                attestations.add(attestation);
            }
        }
        Optional<Repository> repository = entry.text("repository").map(text -> repository(text, entry.pathOf("repository")));
        boolean verifyDigest = entry.bool("verifyDigest", compilation.kyverno());
        boolean mutateDigest = entry.bool("mutateDigest", true);
        if (sets.isEmpty() && attestations.isEmpty() && unsupported.isEmpty()) {
            if (!compilation.kyverno()) {
                throw entry.invalidHere("has no attestors", "add attestors[].entries[].keys.publicKeys, or the short form key: |- PEM");
            }
            compilation.note(DigestOnly.note(path, verifyDigest, mutateDigest));
        }
        boolean required = entry.bool("required", true);
        List<String> notEvaluated = new ArrayList<>(unevaluated);
        notEvaluated.addAll(compilation.unreadSince(mark));
        return new ImageRule(ruleIndex++, path, settled.action(), settled.overrides(), match, exclude, images, skip, type, mutateDigest, verifyDigest, required,
                sets, attestations, repository, unsupported, notEvaluated, extractors);
    }

    /**
     * One {@code attestations} entry: Kyverno's {@code type} (or the older {@code predicateType}), compared with the
     * statement's exactly as Kyverno does (Signet's own policies also take cosign's short names), its attestor sets or
     * else the rule's, and its conditions, compiled now so that one Signet cannot evaluate is refused at load time. A
     * policy-controller {@code policy} (CUE or Rego) cannot be evaluated: the attestation comes back with no type,
     * which makes the rule {@code error}.
     */
    private AttestationRule attestation(JsonNode node, String path, List<AttestorSet> ruleSets, boolean checked) {
        PolicyFields entry = compilation.fields(node, path);
        if (!entry.raw("policy").isMissingNode()) {
            entry.raw("name");
            entry.raw("predicateType");
            return new AttestationRule(path, "", List.of(), Conditions.none());
        }
        Optional<String> typeText = entry.text("type").or(() -> entry.text("predicateType"));
        if (typeText.isEmpty()) {
            throw entry.invalidHere("names no predicate type", "set type, e.g. https://slsa.dev/provenance/v1");
        }
        String predicateType = typeText.get();
        if (!compilation.kyverno()) {
            try {
                predicateType = PredicateTypes.resolve(predicateType);
            } catch (SignatureFormatException e) {
                throw entry.invalid("type", "is neither a cosign predicate name nor a URI: " + SignetException.quote(predicateType));
            }
        }
        List<AttestorSet> sets = new ArrayList<>();
        JsonNode setList = entry.raw("attestors");
        if (!checked) {
            // the rule is error whatever its attestations say (a Notary rule's attestors hold Notary certificates): not read
            entry.raw("conditions");
            entry.raw("name");
            return new AttestationRule(path, predicateType, List.of(), Conditions.none());
        }
        if (setList.isArray()) {
            for (int a = 0; a < setList.size(); a++) {
                sets.add(attestors.set(setList.get(a), entry.pathOf("attestors") + "[" + a + "]", Map.of(), 0));
            }
        } else if (!setList.isMissingNode() && !setList.isNull()) {
            throw entry.invalid("attestors", "is not a list");
        }
        if (sets.isEmpty()) {
            // as Kyverno: an attestation without attestors of its own is checked with the rule's
            sets.addAll(ruleSets);
        }
        if (sets.isEmpty()) {
            if (!compilation.kyverno()) {
                throw entry.invalidHere("has no attestors, and neither has its rule", "add attestors[].entries[].keys.publicKeys");
            }
            // Kyverno checks such an attestation with one empty attestor entry (kyverno pkg/engine/internal/imageverifier.go@111e07bb,
            // verifyAttestations: "add an empty attestor to allow fetching and checking attestations"), i.e. with cosign's defaults
            String what = "an attestation with no attestors (neither its own nor its rule's) is checked by Kyverno with cosign's defaults"
                    + " (an empty attestor entry), which Signet does not evaluate";
            sets.add(new AttestorSet(path, OptionalInt.empty(), List.of(new UnsupportedAttestor(path, what))));
        }
        Conditions conditions = Conditions.none();
        JsonNode conditionList = entry.raw("conditions");
        if (!conditionList.isMissingNode() && !conditionList.isNull()) {
            try {
                conditions = CONDITIONS.compile(conditionList, entry.pathOf("conditions"));
            } catch (ConditionsException e) {
                throw compilation.invalid(entry.pathOf("conditions"), e.getMessage());
            }
        }
        entry.raw("name");
        return new AttestationRule(path, predicateType, sets, conditions);
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

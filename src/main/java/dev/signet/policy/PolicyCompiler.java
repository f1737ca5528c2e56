package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.keys.KeyException;
import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Digests;
import dev.signet.oci.OciJson;
import dev.signet.reference.ImagePattern;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.reference.Repository;
import dev.signet.reference.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles a policy document into a {@link CompiledPolicy}: Signet's {@code signet.dev/v1alpha1}
 * {@code ClusterImagePolicy}/{@code ImagePolicy} and Kyverno's {@code kyverno.io/v1} (and {@code v2beta1})
 * {@code ClusterPolicy}/{@code Policy}, the latter accepted unchanged, deprecated {@code image:}/{@code key:} forms
 * included (policy.md). Field names follow Kyverno's ImageVerification type (kyverno/api/kyverno/v1/image_verification_types.go).
 *
 * <p>What Signet cannot check (keyless, certificates, KMS keys, Notary, attestations, a transparency-log check
 * explicitly asked for) compiles into entries or rules that evaluate to {@code error}: the policy keeps working for
 * everything else and never passes an image it did not check.
 */
public final class PolicyCompiler {
    public static final String SIGNET_GROUP = "signet.dev";
    public static final String KYVERNO_GROUP = "kyverno.io";
    private static final Set<String> SIGNET_KINDS = Set.of("ClusterImagePolicy", "ImagePolicy");
    private static final Set<String> KYVERNO_KINDS = Set.of("ClusterPolicy", "Policy");
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?");
    private static final Pattern KEY_REF = Pattern.compile("k8s://[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?");

    private PolicyCompiler() {
    }

    /** Whether the document is a kind this compiler reads (anything else in a policy folder is skipped). */
    public static boolean isPolicy(JsonNode document) {
        String group = group(document.path("apiVersion").asText(""));
        String kind = document.path("kind").asText("");
        return (SIGNET_GROUP.equals(group) && SIGNET_KINDS.contains(kind)) || (KYVERNO_GROUP.equals(group) && KYVERNO_KINDS.contains(kind));
    }

    /**
     * Compiles one document.
     *
     * @param source where it came from (a file path, or {@code kubernetes}), for synthetic identities and messages
     * @throws PolicyException naming the policy and the field at fault
     */
    public static CompiledPolicy compile(JsonNode document, String source) {
        if (!isPolicy(document)) {
            throw new PolicyException("compile policy", source, "not a ClusterImagePolicy, ImagePolicy, or Kyverno ClusterPolicy/Policy (apiVersion "
                    + SignetException.quote(document.path("apiVersion").asText("")) + ", kind " + SignetException.quote(document.path("kind").asText("")) + ")");
        }
        String kind = document.path("kind").asText();
        boolean kyverno = KYVERNO_GROUP.equals(group(document.path("apiVersion").asText()));
        boolean namespaced = "ImagePolicy".equals(kind) || "Policy".equals(kind);
        JsonNode metadata = document.path("metadata");
        String name = metadata.path("name").asText("");
        if (name.isEmpty()) {
            throw new PolicyException("compile policy", kind + " in " + source, "metadata.name is missing");
        }
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new PolicyException("compile policy", kind + " " + SignetException.quote(name), "metadata.name is not a Kubernetes name");
        }
        Optional<String> namespace = Optional.empty();
        if (namespaced) {
            String ns = metadata.path("namespace").asText("");
            if (!ns.isEmpty() && !SAFE_NAME.matcher(ns).matches()) {
                throw new PolicyException("compile policy", kind + " " + name, "metadata.namespace " + SignetException.quote(ns) + " is not a Kubernetes name");
            }
            if (ns.isEmpty()) {
                throw new PolicyException("compile policy", kind + " " + name, "a namespaced policy needs metadata.namespace",
                        "use Cluster" + kind + " to apply it to every namespace");
            }
            namespace = Optional.of(ns);
        }
        String uid = metadata.path("uid").asText("");
        String resourceVersion = metadata.path("resourceVersion").asText("");
        if (uid.isEmpty()) {
            uid = source + "#" + kind + "/" + namespace.map(ns -> ns + "/").orElse("") + name;
        }
        if (resourceVersion.isEmpty()) {
            resourceVersion = Digests.sha256(OciJson.write(document)).hex().substring(0, 16);
        }
        PolicyId id = new PolicyId(kind, namespace, name, uid, resourceVersion);
        return new Compilation(id, kyverno).compile(document.path("spec"));
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** The state of one compilation: the policy's identity for messages, the notes collected, the rule counter. */
    private static final class Compilation {
        private final PolicyId id;
        private final boolean kyverno;
        private final List<String> notes = new ArrayList<>();
        private int ruleIndex;

        Compilation(PolicyId id, boolean kyverno) {
            this.id = id;
            this.kyverno = kyverno;
        }

        CompiledPolicy compile(JsonNode spec) {
            if (!spec.isObject()) {
                throw invalid("spec", "is missing or not an object");
            }
            // Kyverno's default action is Audit; Signet's is Enforce (policy.md)
            EnforcementAction action = optionalText(spec, "validationFailureAction", "spec")
                    .map(text -> EnforcementAction.parse(text).orElseThrow(() -> invalid("spec.validationFailureAction",
                            "must be Enforce or Audit, not " + SignetException.quote(text))))
                    .orElse(kyverno ? EnforcementAction.AUDIT : EnforcementAction.ENFORCE);
            FailurePolicy failurePolicy = optionalText(spec, "failurePolicy", "spec")
                    .map(text -> FailurePolicy.parse(text).orElseThrow(() -> invalid("spec.failurePolicy",
                            "must be Fail or Ignore, not " + SignetException.quote(text))))
                    .orElse(FailurePolicy.FAIL);
            List<ImageRule> rules = new ArrayList<>();
            Selection match;
            Selection exclude;
            if (kyverno) {
                match = Selection.none();
                exclude = Selection.none();
                JsonNode kyvernoRules = list(spec, "rules", "spec");
                for (int r = 0; r < kyvernoRules.size(); r++) {
                    JsonNode rule = kyvernoRules.get(r);
                    String rulePath = "rules[" + r + "]";
                    String ruleName = rule.path("name").asText(rulePath);
                    JsonNode verifyImages = rule.path("verifyImages");
                    if (verifyImages.isMissingNode() || verifyImages.isNull() || verifyImages.isEmpty()) {
                        notes.add("rule " + ruleName + " has no verifyImages and is ignored (Signet only verifies images)");
                        continue;
                    }
                    Selection ruleMatch = kyvernoSelection(rule.path("match"), rulePath + ".match");
                    Selection ruleExclude = kyvernoSelection(rule.path("exclude"), rulePath + ".exclude");
                    JsonNode entries = list(rule, "verifyImages", rulePath);
                    for (int v = 0; v < entries.size(); v++) {
                        rules.add(imageRule(entries.get(v), rulePath + ".verifyImages[" + v + "]", action, ruleMatch, ruleExclude));
                    }
                }
            } else {
                match = signetSelection(spec.path("match"), "spec.match");
                exclude = signetSelection(spec.path("exclude"), "spec.exclude");
                JsonNode entries = list(spec, "verifyImages", "spec");
                if (entries.isEmpty()) {
                    throw invalid("spec.verifyImages", "is empty; a policy needs at least one entry");
                }
                for (int v = 0; v < entries.size(); v++) {
                    rules.add(imageRule(entries.get(v), "verifyImages[" + v + "]", action, Selection.none(), Selection.none()));
                }
            }
            return new CompiledPolicy(id, action, failurePolicy, match, exclude, rules, notes);
        }

        private ImageRule imageRule(JsonNode entry, String path, EnforcementAction policyAction, Selection match, Selection exclude) {
            if (!entry.isObject()) {
                throw invalid(path, "is not an object");
            }
            EnforcementAction action = optionalText(entry, "failureAction", path)
                    .map(text -> EnforcementAction.parse(text).orElseThrow(() -> invalid(path + ".failureAction",
                            "must be Enforce or Audit, not " + SignetException.quote(text))))
                    .orElse(policyAction);
            List<ImagePattern> images = new ArrayList<>(patterns(entry, "imageReferences", path));
            optionalText(entry, "image", path).ifPresent(image -> images.add(pattern(image, path + ".image")));
            if (images.isEmpty()) {
                throw invalid(path, "names no images", "set imageReferences, e.g. [\"ghcr.io/acme/*\"]");
            }
            List<ImagePattern> skip = patterns(entry, "skipImageReferences", path);
            Optional<String> unsupported = Optional.empty();
            SignatureType type = SignatureType.ANY;
            Optional<String> typeText = optionalText(entry, "type", path);
            if (typeText.isPresent()) {
                switch (typeText.get()) {
                    case "Cosign" -> type = SignatureType.COSIGN;
                    case "SigstoreBundle" -> type = SignatureType.SIGSTORE_BUNDLE;
                    case "Any" -> type = SignatureType.ANY;
                    case "Notary" -> unsupported = Optional.of("Notary signatures are not supported");
                    default -> throw invalid(path + ".type", "must be Cosign, SigstoreBundle or Any, not " + SignetException.quote(typeText.get()));
                }
            }
            JsonNode attestations = entry.path("attestations");
            if (attestations.isArray() && !attestations.isEmpty() && unsupported.isEmpty()) {
                unsupported = Optional.of("attestations (in-toto statements) are not verified yet");
            }
            Map<String, String> annotations = stringMap(entry.path("annotations"), path + ".annotations");
            List<AttestorSet> sets = new ArrayList<>();
            Optional<String> key = optionalText(entry, "key", path);
            if (key.isPresent()) {
                // the deprecated short form: one attestor set whose one entry is this key (or these keys)
                sets.add(new AttestorSet(path + ".key", OptionalInt.empty(), keyEntries(key.get(), path + ".key", annotations)));
            }
            JsonNode attestors = entry.path("attestors");
            if (!attestors.isMissingNode() && !attestors.isNull()) {
                if (!attestors.isArray()) {
                    throw invalid(path + ".attestors", "is not a list");
                }
                for (int a = 0; a < attestors.size(); a++) {
                    sets.add(attestorSet(attestors.get(a), path + ".attestors[" + a + "]", annotations, 0));
                }
            }
            if (sets.isEmpty() && unsupported.isEmpty()) {
                throw invalid(path, "has no attestors", "add attestors[].entries[].keys.publicKeys, or the short form key: |- PEM");
            }
            Optional<Repository> repository = optionalText(entry, "repository", path).map(text -> repository(text, path + ".repository"));
            boolean verifyDigest = bool(entry, "verifyDigest", path, kyverno);
            return new ImageRule(ruleIndex++, path, action, match, exclude, images, skip, type,
                    bool(entry, "mutateDigest", path, true), verifyDigest, bool(entry, "required", path, true),
                    sets, repository, unsupported);
        }

        private AttestorSet attestorSet(JsonNode set, String path, Map<String, String> annotations, int depth) {
            if (depth > 4) {
                throw invalid(path, "nests attestor sets more than 4 deep");
            }
            if (!set.isObject()) {
                throw invalid(path, "is not an object");
            }
            OptionalInt count = OptionalInt.empty();
            JsonNode countNode = set.path("count");
            if (!countNode.isMissingNode() && !countNode.isNull()) {
                if (!countNode.canConvertToInt() || !countNode.isIntegralNumber() || countNode.intValue() < 1) {
                    throw invalid(path + ".count", "must be a whole number of at least 1");
                }
                count = OptionalInt.of(countNode.intValue());
            }
            JsonNode entries = list(set, "entries", path);
            if (entries.isEmpty()) {
                throw invalid(path + ".entries", "is empty");
            }
            List<Attestor> attestors = new ArrayList<>();
            for (int e = 0; e < entries.size(); e++) {
                attestors.addAll(attestors(entries.get(e), path + ".entries[" + e + "]", annotations, depth));
            }
            if (count.isPresent() && count.getAsInt() > attestors.size()) {
                throw invalid(path + ".count", "is " + count.getAsInt() + " but the set has only " + attestors.size() + " entries");
            }
            return new AttestorSet(path, count, attestors);
        }

        private List<Attestor> attestors(JsonNode entry, String path, Map<String, String> ruleAnnotations, int depth) {
            if (!entry.isObject()) {
                throw invalid(path, "is not an object");
            }
            Map<String, String> annotations = new LinkedHashMap<>(ruleAnnotations);
            annotations.putAll(stringMap(entry.path("annotations"), path + ".annotations"));
            if (entry.has("attestor")) {
                return List.of(new Attestor.Nested(path, attestorSet(entry.path("attestor"), path + ".attestor", annotations, depth + 1)));
            }
            if (entry.has("keyless")) {
                return List.of(new Attestor.Unsupported(path, "keyless (Fulcio certificate) attestors are not supported"));
            }
            if (entry.has("certificates")) {
                return List.of(new Attestor.Unsupported(path, "certificate attestors are not supported"));
            }
            if (entry.has("repository")) {
                return List.of(new Attestor.Unsupported(path, "a per-entry signature repository is not supported; set it on the verifyImages entry"));
            }
            JsonNode keys = entry.path("keys");
            if (!keys.isObject()) {
                throw invalid(path, "has no keys", "set keys.publicKeys (PEM or k8s://NAMESPACE/NAME) or keys.secret");
            }
            String keysPath = path + ".keys";
            Optional<String> algorithm = optionalText(keys, "signatureAlgorithm", keysPath);
            if (algorithm.isPresent() && !algorithm.get().equalsIgnoreCase("sha256")) {
                return List.of(new Attestor.Unsupported(path, "signatureAlgorithm " + SignetException.quote(algorithm.get()) + " is not supported (sha256 is)"));
            }
            JsonNode rekor = keys.path("rekor");
            if (rekor.isObject() && rekor.path("ignoreTlog").isBoolean() && !rekor.path("ignoreTlog").booleanValue()) {
                return List.of(new Attestor.Unsupported(path, "a transparency log check (rekor.ignoreTlog: false) is not supported"));
            }
            if (rekor.isObject() && rekor.has("url") && !rekor.path("ignoreTlog").asBoolean(false)) {
                notes.add(keysPath + ".rekor: the transparency log is not checked; Signet verifies the signature with the key only");
            }
            if (keys.has("kms")) {
                return List.of(new Attestor.Unsupported(path, "KMS keys are not supported"));
            }
            Optional<String> publicKeys = optionalText(keys, "publicKeys", keysPath);
            JsonNode secret = keys.path("secret");
            if (publicKeys.isPresent() && secret.isObject()) {
                throw invalid(keysPath, "sets both publicKeys and secret", "use one");
            }
            if (secret.isObject()) {
                String secretName = optionalText(secret, "name", keysPath + ".secret").orElseThrow(() -> invalid(keysPath + ".secret.name", "is missing"));
                String secretNamespace = optionalText(secret, "namespace", keysPath + ".secret").or(() -> id.namespace())
                        .orElseThrow(() -> invalid(keysPath + ".secret.namespace", "is missing", "a cluster policy names the Secret's namespace"));
                return List.of(new Attestor.Key(path, reference("k8s://" + secretNamespace + "/" + secretName, keysPath + ".secret"), annotations));
            }
            String text = publicKeys.orElseThrow(() -> invalid(keysPath, "has neither publicKeys nor secret"));
            return keyEntries(text, path, annotations);
        }

        /** A PEM text (one entry per key) or a {@code k8s://} reference; KMS URIs compile to unsupported entries. */
        private List<Attestor> keyEntries(String text, String path, Map<String, String> annotations) {
            String trimmed = text.strip();
            if (trimmed.startsWith("k8s://")) {
                return List.of(new Attestor.Key(path, reference(trimmed, path), annotations));
            }
            if (trimmed.matches("[a-z0-9]+://.*")) {
                return List.of(new Attestor.Unsupported(path, "key URI scheme " + SignetException.quote(trimmed.substring(0, trimmed.indexOf(':')))
                        + " is not supported (PEM and k8s:// are)"));
            }
            List<VerificationKey> keys;
            try {
                keys = PemKeys.parsePublicKeys(trimmed, id.displayName() + " " + path);
            } catch (KeyException e) {
                throw invalid(path, "holds no usable public key: " + e.getMessage());
            }
            if (keys.size() == 1) {
                return List.of(new Attestor.Key(path, new KeySource.Inline(keys.get(0)), annotations));
            }
            List<Attestor> entries = new ArrayList<>();
            for (int k = 0; k < keys.size(); k++) {
                entries.add(new Attestor.Key(path + ".keys[" + k + "]", new KeySource.Inline(keys.get(k)), annotations));
            }
            return entries;
        }

        private KeySource reference(String keyRef, String path) {
            if (!KEY_REF.matcher(keyRef).matches()) {
                throw invalid(path, SignetException.quote(keyRef) + " is not k8s://NAMESPACE/NAME");
            }
            return new KeySource.Reference(keyRef);
        }

        private Selection signetSelection(JsonNode block, String path) {
            if (block.isMissingNode() || block.isNull()) {
                return Selection.none();
            }
            if (!block.isObject()) {
                throw invalid(path, "is not an object");
            }
            return new Selection(List.of(filter(block, path, false)), List.of());
        }

        /** Kyverno's {@code match}/{@code exclude}: {@code any}/{@code all} lists of {@code resources}, or the older bare {@code resources}. */
        private Selection kyvernoSelection(JsonNode block, String path) {
            if (block.isMissingNode() || block.isNull()) {
                return Selection.none();
            }
            if (!block.isObject()) {
                throw invalid(path, "is not an object");
            }
            List<ResourceFilter> any = new ArrayList<>();
            List<ResourceFilter> all = new ArrayList<>();
            if (block.has("resources")) {
                all.add(filter(block.path("resources"), path + ".resources", true));
            }
            for (String list : List.of("any", "all")) {
                JsonNode clauses = block.path(list);
                if (clauses.isMissingNode() || clauses.isNull()) {
                    continue;
                }
                if (!clauses.isArray()) {
                    throw invalid(path + "." + list, "is not a list");
                }
                for (int c = 0; c < clauses.size(); c++) {
                    String clausePath = path + "." + list + "[" + c + "]";
                    JsonNode resources = clauses.get(c).path("resources");
                    ResourceFilter filter = resources.isObject() ? filter(resources, clausePath + ".resources", true) : ResourceFilter.everything();
                    if (clauses.get(c).has("subjects") || clauses.get(c).has("roles") || clauses.get(c).has("clusterRoles")) {
                        notes.add(clausePath + ": subjects, roles and clusterRoles are not evaluated; the clause matches on resources only");
                    }
                    ("any".equals(list) ? any : all).add(filter);
                }
            }
            return new Selection(any, all);
        }

        private ResourceFilter filter(JsonNode block, String path, boolean withKinds) {
            if (!block.isObject()) {
                throw invalid(path, "is not an object");
            }
            List<String> kinds = withKinds ? strings(block, "kinds", path) : List.of();
            List<Pattern> namespaces = strings(block, "namespaces", path).stream().map(ResourceFilter::glob).toList();
            Optional<LabelSelector> selector = Optional.empty();
            JsonNode selectorNode = block.path("namespaceSelector");
            if (!selectorNode.isMissingNode() && !selectorNode.isNull()) {
                selector = Optional.of(labelSelector(selectorNode, path + ".namespaceSelector"));
            }
            for (String ignored : List.of("names", "name", "selector", "operations", "annotations")) {
                if (block.has(ignored)) {
                    notes.add(path + "." + ignored + " is not evaluated; the clause matches on kinds and namespaces only");
                }
            }
            return new ResourceFilter(Set.copyOf(kinds.stream().map(ResourceFilter::kindOf).toList()), namespaces, selector);
        }

        private LabelSelector labelSelector(JsonNode node, String path) {
            if (!node.isObject()) {
                throw invalid(path, "is not an object");
            }
            Map<String, String> labels = stringMap(node.path("matchLabels"), path + ".matchLabels");
            List<LabelSelector.Requirement> requirements = new ArrayList<>();
            JsonNode expressions = node.path("matchExpressions");
            if (!expressions.isMissingNode() && !expressions.isNull()) {
                if (!expressions.isArray()) {
                    throw invalid(path + ".matchExpressions", "is not a list");
                }
                for (int i = 0; i < expressions.size(); i++) {
                    JsonNode expression = expressions.get(i);
                    String at = path + ".matchExpressions[" + i + "]";
                    String key = optionalText(expression, "key", at).orElseThrow(() -> invalid(at + ".key", "is missing"));
                    String operator = optionalText(expression, "operator", at).orElseThrow(() -> invalid(at + ".operator", "is missing"));
                    LabelSelector.Operator op = switch (operator) {
                        case "In" -> LabelSelector.Operator.IN;
                        case "NotIn" -> LabelSelector.Operator.NOT_IN;
                        case "Exists" -> LabelSelector.Operator.EXISTS;
                        case "DoesNotExist" -> LabelSelector.Operator.DOES_NOT_EXIST;
                        default -> throw invalid(at + ".operator", "must be In, NotIn, Exists or DoesNotExist, not " + SignetException.quote(operator));
                    };
                    requirements.add(new LabelSelector.Requirement(key, op, Set.copyOf(strings(expression, "values", at))));
                }
            }
            return new LabelSelector(labels, requirements);
        }

        private List<ImagePattern> patterns(JsonNode node, String field, String path) {
            List<String> globs = strings(node, field, path);
            List<ImagePattern> patterns = new ArrayList<>(globs.size());
            for (int i = 0; i < globs.size(); i++) {
                patterns.add(pattern(globs.get(i), path + "." + field + "[" + i + "]"));
            }
            return patterns;
        }

        private ImagePattern pattern(String glob, String path) {
            try {
                return ImagePattern.parse(glob);
            } catch (InvalidReferenceException e) {
                throw invalid(path, "is not an image pattern: " + e.getMessage());
            }
        }

        private Repository repository(String text, String path) {
            try {
                return ImageReference.parse(text).context();
            } catch (InvalidReferenceException e) {
                throw invalid(path, "is not a repository: " + e.getMessage());
            }
        }

        private boolean bool(JsonNode node, String field, String path, boolean fallback) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return fallback;
            }
            if (!value.isBoolean()) {
                throw invalid(path + "." + field, "must be true or false");
            }
            return value.booleanValue();
        }

        private Optional<String> optionalText(JsonNode node, String field, String path) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isTextual()) {
                throw invalid(path + "." + field, "must be a string");
            }
            return Optional.of(value.textValue());
        }

        private List<String> strings(JsonNode node, String field, String path) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw invalid(path + "." + field, "must be a list of strings");
            }
            List<String> strings = new ArrayList<>(value.size());
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw invalid(path + "." + field, "must be a list of strings");
                }
                strings.add(item.textValue());
            }
            return strings;
        }

        private JsonNode list(JsonNode node, String field, String path) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                throw invalid(path + "." + field, "is missing");
            }
            if (!value.isArray()) {
                throw invalid(path + "." + field, "is not a list");
            }
            return value;
        }

        private Map<String, String> stringMap(JsonNode node, String path) {
            if (node.isMissingNode() || node.isNull()) {
                return Map.of();
            }
            if (!node.isObject()) {
                throw invalid(path, "must be a map of strings");
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isTextual()) {
                    throw invalid(path + "[" + SignetException.quote(field.getKey()) + "]", "must be a string");
                }
                map.put(field.getKey(), field.getValue().textValue());
            }
            return map;
        }

        private PolicyException invalid(String path, String cause) {
            return invalid(path, cause, null);
        }

        private PolicyException invalid(String path, String cause, String hint) {
            return new PolicyException("compile policy", id.displayName(), path + " " + cause, hint);
        }
    }

}

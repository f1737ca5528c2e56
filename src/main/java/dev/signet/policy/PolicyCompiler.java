package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.json.Json;
import dev.signet.oci.Digests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles a policy document into a {@link CompiledPolicy}: Signet's {@code signet.dev/v1alpha1}
 * {@code SignetClusterImagePolicy}/{@code SignetImagePolicy} (and their names before the rename, {@code ClusterImagePolicy}/
 * {@code ImagePolicy}, read with a deprecation note: sigstore policy-controller's kind is also {@code ClusterImagePolicy},
 * plural and short name {@code cip} included, so on a cluster running both {@code kubectl get cip} was ambiguous) and Kyverno's {@code kyverno.io/v1} (and {@code v2beta1})
 * {@code ClusterPolicy}/{@code Policy}, the latter accepted unchanged, deprecated {@code image:}/{@code key:} forms
 * included (policy.md), and sigstore policy-controller's {@code policy.sigstore.dev} {@code ClusterImagePolicy}, compiled by
 * {@link PolicyControllerCompiler}. Field names follow Kyverno's ImageVerification type (kyverno/api/kyverno/v1/image_verification_types.go).
 * The work is split by concern: {@link ImageRuleCompiler} (verifyImages entries), {@link AttestorCompiler} (attestor
 * sets), {@link SelectionCompiler} (match/exclude), all reading through {@link PolicyFields}.
 *
 * <p>What Signet cannot check (KMS keys, Notary, CUE or Rego attestation policies, a Rekor entry of a key-signed
 * attestation) compiles into entries or rules that evaluate to {@code error}: the policy keeps working for everything
 * else and never passes an image it did not check. The one requirement Signet relaxes, Kyverno's default Rekor entry
 * for a key signature when the entry has no {@code rekor} block, is reported when the policy loads
 * ({@link KeylessCompiler#keyTlog}). Fields it does not evaluate are listed in the compiled policy.
 */
public final class PolicyCompiler {
    public static final String SIGNET_GROUP = "signet.dev";
    public static final String KYVERNO_GROUP = "kyverno.io";
    private static final Set<String> SIGNET_KINDS = Set.of("SignetClusterImagePolicy", "SignetImagePolicy", "ClusterImagePolicy", "ImagePolicy");
    /** The deprecated names of Signet's kinds, and the names that replace them. */
    private static final Map<String, String> RENAMED = Map.of("ClusterImagePolicy", "SignetClusterImagePolicy", "ImagePolicy", "SignetImagePolicy");
    private static final Set<String> NAMESPACED = Set.of("SignetImagePolicy", "ImagePolicy", "Policy");
    private static final Set<String> KYVERNO_KINDS = Set.of("ClusterPolicy", "Policy");
    /**
     * The namespace of a namespaced policy file that names none, as {@code kubectl apply -f} without {@code -n} would
     * create it; the API server always sets one, so a policy read from the cluster never needs it.
     */
    public static final String DEFAULT_NAMESPACE = "default";
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?");

    private PolicyCompiler() {
    }

    /** Whether the document is a kind this compiler reads (anything else in a policy folder is skipped). */
    public static boolean isPolicy(JsonNode document) {
        String group = group(document.path("apiVersion").asText(""));
        String kind = document.path("kind").asText("");
        return (SIGNET_GROUP.equals(group) && SIGNET_KINDS.contains(kind)) || (KYVERNO_GROUP.equals(group) && KYVERNO_KINDS.contains(kind))
                || isPolicyController(document);
    }

    /** sigstore policy-controller's {@code ClusterImagePolicy} ({@code policy.sigstore.dev}, v1alpha1 or v1beta1). */
    private static boolean isPolicyController(JsonNode document) {
        return PolicyControllerCompiler.GROUP.equals(group(document.path("apiVersion").asText(""))) && "ClusterImagePolicy".equals(document.path("kind").asText(""));
    }

    /** A document as {@code kind "Kind", apiVersion "V"}, for messages that say what was found instead of a policy. */
    public static String describe(JsonNode document) {
        String kind = document.path("kind").asText("");
        String apiVersion = document.path("apiVersion").asText("");
        return (kind.isEmpty() ? "no kind" : "kind " + SignetException.quote(kind)) + ", " + (apiVersion.isEmpty() ? "no apiVersion"
                : "apiVersion " + SignetException.quote(apiVersion));
    }

    /** At most ten descriptions joined, and how many more there were: one readable line for a file of hundreds of documents. */
    public static String summarise(List<String> described) {
        String shown = String.join(", ", described.subList(0, Math.min(10, described.size())));
        return described.size() > 10 ? shown + " and " + (described.size() - 10) + " more" : shown;
    }

    /**
     * Compiles one document read from a file (or any source the API server did not store): its identity is the
     * source, kind, namespace and name, and the hash of its content; {@code metadata.uid} and
     * {@code resourceVersion} in the document are not trusted.
     *
     * @param source where it came from (a file path), for its identity and messages
     * @throws PolicyException naming the policy and the field at fault
     */
    public static CompiledPolicy compile(JsonNode document, String source) {
        return compile(document, source, Optional.empty());
    }

    /**
     * Compiles one document.
     *
     * @param source where it came from (a file path, or {@code kubernetes}), for synthetic identities and messages
     * @param stored the API server's uid and resourceVersion of the object, when it came from an informer
     * @throws PolicyException naming the policy and the field at fault
     */
    public static CompiledPolicy compile(JsonNode document, String source, Optional<StoredVersion> stored) {
        return compile(document, source, stored, false);
    }

    /** @param requestInHand compiled for one admission request ({@link RequestBinding}): conditions may read it */
    static CompiledPolicy compile(JsonNode document, String source, Optional<StoredVersion> stored, boolean requestInHand) {
        if (!isPolicy(document)) {
            throw new PolicyException("compile policy", source, "not a SignetClusterImagePolicy, SignetImagePolicy, Kyverno ClusterPolicy/Policy or"
                    + " policy-controller ClusterImagePolicy (apiVersion "
                    + SignetException.quote(document.path("apiVersion").asText("")) + ", kind " + SignetException.quote(document.path("kind").asText("")) + ")");
        }
        boolean kyverno = KYVERNO_GROUP.equals(group(document.path("apiVersion").asText()));
        Compilation compilation = new Compilation(identity(document, source, stored), kyverno, requestInHand);
        String renamed = kyverno || isPolicyController(document) ? null : RENAMED.get(document.path("kind").asText());
        if (renamed != null) {
            compilation.note("kind " + document.path("kind").asText() + " is deprecated: it is read as " + renamed
                    + ", its new name (same spec); rename it, since policy-controller's ClusterImagePolicy has the same kind and short name");
        }
        if (compilation.id().namespace().isPresent() && document.path("metadata").path("namespace").asText("").isEmpty()) {
            compilation.note("metadata.namespace is not set: the policy applies in namespace " + DEFAULT_NAMESPACE
                    + ", where kubectl apply -f would create it (signet policy test: --namespace)");
        }
        JsonNode spec = document.path("spec");
        if (!spec.isObject()) {
            throw compilation.invalid("spec", "is missing or not an object");
        }
        if (isPolicyController(document)) {
            return new PolicyControllerCompiler(compilation).compile(compilation.fields(spec, ""));
        }
        return compile(compilation, compilation.fields(spec, "spec"));
    }

    private static PolicyId identity(JsonNode document, String source, Optional<StoredVersion> stored) {
        String kind = document.path("kind").asText();
        boolean namespaced = NAMESPACED.contains(kind);
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
            if (ns.isEmpty() && stored.isPresent()) {
                throw new PolicyException("compile policy", kind + " " + name, "a namespaced policy needs metadata.namespace",
                        "use " + ("Policy".equals(kind) ? "ClusterPolicy" : "SignetClusterImagePolicy") + " to apply it to every namespace");
            }
            if (ns.isEmpty()) {
                ns = DEFAULT_NAMESPACE; // a file's: where kubectl apply -f would create it without -n
            }
            namespace = Optional.of(ns);
        }
        if (stored.isPresent()) {
            return new PolicyId(kind, namespace, name, stored.get().uid(), stored.get().resourceVersion());
        }
        // a file's metadata.uid is its author's word: a copy claiming another policy's uid would share its cached passes
        String uid = source + "#" + kind + "/" + namespace.map(ns -> ns + "/").orElse("") + name;
        return new PolicyId(kind, namespace, name, uid, Digests.sha256(Json.write(document)).toString());
    }

    private static CompiledPolicy compile(Compilation compilation, PolicyFields spec) {
        boolean kyverno = compilation.kyverno();
        // Kyverno's default action is Audit; Signet's is Enforce (policy.md)
        EnforcementAction action = spec.text("validationFailureAction")
                .map(text -> EnforcementAction.parse(text).orElseThrow(() -> spec.invalid("validationFailureAction",
                        "must be Enforce or Audit, not " + SignetException.quote(text))))
                .orElse(kyverno ? EnforcementAction.AUDIT : EnforcementAction.ENFORCE);
        FailurePolicy failurePolicy = spec.text("failurePolicy")
                .map(text -> FailurePolicy.parse(text).orElseThrow(() -> spec.invalid("failurePolicy",
                        "must be Fail or Ignore, not " + SignetException.quote(text))))
                .orElse(FailurePolicy.FAIL);
        if (kyverno && !spec.bool("admission", true)) {
            compilation.note(LoadNote.Kind.STRICTER, "spec.admission is false: Kyverno applies the policy in background scans only, Signet at admission");
        }
        SelectionCompiler selections = new SelectionCompiler(compilation);
        ImageRuleCompiler images = new ImageRuleCompiler(compilation);
        RuleActions policyActions = RuleActions.of(action);
        if (kyverno) {
            policyActions = new RuleActions(action, selections.actionOverrides(spec, "validationFailureActionOverrides"));
        }
        List<ImageRule> rules = new ArrayList<>();
        Selection match = Selection.none();
        Selection exclude = Selection.none();
        if (kyverno) {
            JsonNode kyvernoRules = spec.list("rules");
            for (int r = 0; r < kyvernoRules.size(); r++) {
                String rulePath = "rules[" + r + "]";
                JsonNode rule = kyvernoRules.get(r);
                JsonNode verifyImages = rule.path("verifyImages");
                if (verifyImages.isMissingNode() || verifyImages.isNull() || verifyImages.isEmpty()) {
                    compilation.note("rule " + rule.path("name").asText(rulePath) + " has no verifyImages and is ignored (Signet only verifies images)");
                    continue;
                }
                int mark = compilation.mark();
                PolicyFields fields = compilation.fields(rule, rulePath);
                fields.text("name");
                Selection ruleMatch = selections.kyverno(fields, "match", false);
                Selection ruleExclude = selections.kyverno(fields, "exclude", true);
                Map<String, ImageExtractors> extractors = ImageExtractors.compile(fields, compilation);
                JsonNode entries = fields.list("verifyImages");
                List<String> ruleLevel = compilation.unreadSince(mark);
                RuleActions ruleActions = RuleActions.ofKyvernoRule(entries, policyActions);
                for (int v = 0; v < entries.size(); v++) {
                    rules.add(images.compile(entries.get(v), fields.pathOf("verifyImages") + "[" + v + "]", ruleActions, ruleMatch, ruleExclude, extractors,
                            ruleLevel));
                }
            }
        } else {
            match = selections.signet(spec, "match", false);
            exclude = selections.signet(spec, "exclude", true);
            JsonNode entries = spec.list("verifyImages");
            if (entries.isEmpty()) {
                throw spec.invalid("verifyImages", "is empty; a policy needs at least one entry");
            }
            for (int v = 0; v < entries.size(); v++) {
                rules.add(images.compile(entries.get(v), "verifyImages[" + v + "]", policyActions, Selection.none(), Selection.none(), Map.of(), List.of()));
            }
        }
        return new CompiledPolicy(compilation.id(), action, failurePolicy, match, exclude, rules, compilation.notes(), spec.unread());
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}

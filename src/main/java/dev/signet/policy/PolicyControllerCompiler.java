package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.reference.ImagePattern;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.reference.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles sigstore policy-controller's {@code ClusterImagePolicy} ({@code policy.sigstore.dev} v1alpha1 and v1beta1,
 * the same fields) into Signet's model, so that the policy means what its authors meant. Read in
 * sigstore/policy-controller@f925c0c1a412910787a7f045581fa9d5ed09a20a:
 * <ul>
 *   <li>{@code pkg/webhook/validator.go} {@code ValidatePolicy}: every authority is checked and one passing is enough
 *   (authorities are OR'ed: one attestor set, {@code count: 1}, an entry per authority); every policy whose globs match
 *   the image must pass (Signet ANDs the rules of all policies that cover an image). An authority with
 *   {@code attestations} is checked on attestations only, every listed predicate type needing a verified statement
 *   ({@code ValidatePolicyAttestationsForAuthority}): an {@link AttestationsAttestor}. {@code static: {action: fail}}
 *   fails with its message, {@code pass} admits ({@link StaticAttestor}).</li>
 *   <li>{@code mode: warn} turns every error of the policy into a warning ({@code asFieldError(cip.Mode == "warn", ...)}),
 *   undecidable results included: compiled as {@code Audit} with {@code failurePolicy: Ignore}, so a fail and an error
 *   both become warnings on an allowed verdict.</li>
 *   <li>{@code checkOptsFromAuthority} and {@code rekorClientAndKeysFromAuthority}: a keyless authority without
 *   {@code ctlog} and without {@code trustRootRef} requires a Rekor entry (public-good keys); a {@code ctlog} block with
 *   a {@code url} or {@code trustRootRef} requires one; otherwise the transparency log is ignored. An SCT is required
 *   unless {@code keyless.insecureIgnoreSCT}. {@code rfc3161timestamp.trustRootRef} replaces the log by timestamps.</li>
 *   <li>{@code pkg/apis/config/image_policies.go} {@code GetMatchingPolicies}: {@code match} entries are OR'ed, each
 *   naming a resource (plural, e.g. {@code pods}), group, version (or {@code *}) and a label selector on the object.</li>
 *   <li>{@code pkg/apis/policy/v1alpha1/clusterimagepolicy_defaults.go}: {@code mode} defaults to {@code enforce}, an
 *   authority's name to {@code authority-N}, a keyless URL to Fulcio's (Signet is offline: the URL is not read).</li>
 *   <li>{@code pkg/reconciler/clusterimagepolicy/clusterimagepolicy.go} {@code inlineAndTrackSecret}: a
 *   {@code key.secretRef} names a Secret in policy-controller's own namespace; its one data entry is the key.</li>
 * </ul>
 * Each authority is compiled by {@link AuthorityCompiler}. What Signet cannot evaluate compiles into entries or rules
 * that are {@code error}, with a load note: CUE and Rego
 * {@code policy} blocks (no maintained Java evaluator of either language exists), KMS keys, hash algorithms other than
 * sha256, RFC 3161 timestamps of key signatures, signature tag prefixes, and trust roots from TUF.
 */
final class PolicyControllerCompiler {
    static final String GROUP = "policy.sigstore.dev";
    /** The resources a {@code match} may name (cmd/webhook/main.go {@code common.ValidResourceNames}). */
    private static final Set<String> RESOURCES = Set.of("replicasets", "deployments", "pods", "cronjobs", "jobs", "statefulsets", "daemonsets");

    private final Compilation compilation;
    private final SelectionCompiler selections;

    PolicyControllerCompiler(Compilation compilation) {
        this.compilation = compilation;
        this.selections = new SelectionCompiler(compilation);
    }

    CompiledPolicy compile(PolicyFields spec) {
        String mode = spec.text("mode").orElse("enforce");
        boolean warn = switch (mode) {
            case "enforce" -> false;
            case "warn" -> true;
            default -> throw spec.invalid("mode", "must be enforce or warn, not " + SignetException.quote(mode));
        };
        EnforcementAction action = warn ? EnforcementAction.AUDIT : EnforcementAction.ENFORCE;
        FailurePolicy failurePolicy = warn ? FailurePolicy.IGNORE : FailurePolicy.FAIL;
        int mark = compilation.mark();
        List<ImagePattern> images = images(spec);
        Selection match = match(spec);
        Optional<String> unsupported = policyBlock(spec, "policy").map(why -> "spec.policy: " + why);
        JsonNode list = spec.optionalList("authorities");
        if (list.isEmpty()) {
            throw spec.invalid("authorities", "is empty", "add a key, keyless or static authority");
        }
        AuthorityCompiler compiler = new AuthorityCompiler(compilation);
        List<Attestor> authorities = new ArrayList<>();
        for (int a = 0; a < list.size(); a++) {
            authorities.add(compiler.authority(compilation.fields(list.get(a), "authorities[" + a + "]"), a));
        }
        Optional<Repository> repository = compiler.sources().repository();
        SignatureType type = compiler.sources().type();
        // a source unlike the rule's cannot be read for its authority alone: that authority is error, not read elsewhere
        for (int a = 0; a < authorities.size(); a++) {
            Optional<Repository> own = compiler.sources().perAuthority.get(a);
            if (own != null && !own.equals(repository)) {
                authorities.set(a, new UnsupportedAttestor(authorities.get(a).path(), "a signature source other than the other authorities' ("
                        + own.map(Repository::name).orElse("beside the image") + ") is not supported: Signet reads one signature repository per policy"));
            }
        }
        unsupported.ifPresent(why -> compilation.note(why + "; every image the policy covers is error"));
        AttestorSet set = new AttestorSet("authorities", OptionalInt.of(1), authorities);
        List<String> notEvaluated = compilation.unreadSince(mark);
        ImageRule rule = new ImageRule(0, "spec", action, List.of(), Selection.none(), Selection.none(), images, List.of(), type, true, false, true,
                List.of(set), List.of(), repository, unsupported, notEvaluated, Map.of());
        return new CompiledPolicy(compilation.id(), action, failurePolicy, match, Selection.none(), List.of(rule), compilation.notes(), List.of());
    }

    private List<ImagePattern> images(PolicyFields spec) {
        JsonNode list = spec.list("images");
        if (list.isEmpty()) {
            throw spec.invalid("images", "is empty", "add a glob, e.g. {glob: \"ghcr.io/acme/**\"}");
        }
        List<ImagePattern> images = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            PolicyFields image = compilation.fields(list.get(i), "images[" + i + "]");
            String glob = image.requiredText("glob");
            try {
                images.add(ImagePattern.sigstoreGlob(glob));
            } catch (InvalidReferenceException e) {
                throw image.invalid("glob", "is not a glob: " + e.getMessage());
            }
        }
        return images;
    }

    /**
     * {@code match}: any entry holding selects the object; an entry names the resource as policy-controller guesses it
     * from the kind ({@code meta.UnsafeGuessKindToResource}: lower case, plural), its group, its version or {@code *},
     * and a label selector on the object's own labels.
     */
    private Selection match(PolicyFields spec) {
        JsonNode list = spec.optionalList("match");
        List<ResourceFilter> clauses = new ArrayList<>();
        for (int m = 0; m < list.size(); m++) {
            int mark = compilation.mark();
            PolicyFields entry = compilation.fields(list.get(m), "match[" + m + "]");
            String resource = entry.text("resource").orElse("");
            if (!resource.isEmpty() && !RESOURCES.contains(resource)) {
                throw entry.invalid("resource", "is not a resource policy-controller admits: " + SignetException.quote(resource),
                        "use one of " + String.join(", ", new TreeSet<>(RESOURCES)));
            }
            String group = entry.text("group").orElse("");
            String version = entry.text("version").orElse("");
            List<ResourceFilter.Condition> conditions = new ArrayList<>();
            conditions.add(subject -> resourceOf(subject, resource, group, version));
            entry.object("selector").map(selections::labelSelector).ifPresent(selector -> conditions.add(ResourceFilter.selector(selector)));
            clauses.add(new ResourceFilter(entry.path(), conditions, compilation.unreadSince(mark)));
        }
        return new Selection(clauses, List.of());
    }

    private static Truth resourceOf(AdmissionSubject subject, String resource, String group, String version) {
        if (!resource.equals(plural(subject.kind()))) {
            return Truth.FALSE;
        }
        Optional<String> apiVersion = subject.object().map(AdmissionSubject.ObjectMeta::apiVersion).filter(text -> !text.isEmpty());
        if (apiVersion.isEmpty()) {
            return Truth.UNKNOWN;
        }
        int slash = apiVersion.get().indexOf('/');
        String objectGroup = slash < 0 ? "" : apiVersion.get().substring(0, slash);
        String objectVersion = apiVersion.get().substring(slash + 1);
        return Truth.of(group.equals(objectGroup) && (version.equals("*") || version.equals(objectVersion)));
    }

    /** Kubernetes' guess of a kind's resource name (apimachinery meta.UnsafeGuessKindToResource), for the kinds Signet sees. */
    static String plural(String kind) {
        String lower = kind.toLowerCase(Locale.ROOT);
        if (lower.isEmpty()) {
            return lower;
        }
        if (lower.endsWith("s")) {
            return lower + "es";
        }
        if (lower.endsWith("y")) {
            return lower.substring(0, lower.length() - 1) + "ies";
        }
        return lower + "s";
    }

    /** A CUE or Rego {@code policy} block: why it cannot be evaluated, or empty when there is none. */
    static Optional<String> policyBlock(PolicyFields parent, String field) {
        Optional<PolicyFields> block = parent.object(field);
        if (block.isEmpty()) {
            return Optional.empty();
        }
        PolicyFields policy = block.get();
        String language = policy.text("type").orElse("");
        // read so that they are not also listed as unknown fields: the whole block is reported as not evaluated
        for (String known : List.of("data", "remote", "configMapRef", "fetchConfigFile", "includeSpec", "includeObjectMeta", "includeTypeMeta")) {
            policy.raw(known);
        }
        return Optional.of(switch (language) {
            case "cue" -> "a CUE policy is not evaluated (there is no CUE evaluator for Java)";
            case "rego" -> "a Rego policy is not evaluated (no maintained Java evaluator reads Rego source; OPA's Java SDK runs only"
                    + " Wasm-compiled policies)";
            default -> "a policy of type " + SignetException.quote(language) + " is not evaluated (policy-controller knows cue and rego)";
        });
    }

}

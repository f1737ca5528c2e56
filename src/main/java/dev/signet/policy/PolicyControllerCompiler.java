package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.conditions.Conditions;
import dev.signet.keys.KeyException;
import dev.signet.keys.KeyRef;
import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.reference.Repository;
import dev.signet.signature.PredicateTypes;
import dev.signet.signature.SignatureFormatException;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.TextMatch;
import dev.signet.sigstore.TrustedRoot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
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
 * What Signet cannot evaluate compiles into entries or rules that are {@code error}, with a load note: CUE and Rego
 * {@code policy} blocks (no maintained Java evaluator of either language exists), KMS keys, hash algorithms other than
 * sha256, RFC 3161 timestamps of key signatures, signature tag prefixes, and trust roots from TUF.
 */
final class PolicyControllerCompiler {
    static final String GROUP = "policy.sigstore.dev";
    /** Where policy-controller installs itself, and so where it reads {@code key.secretRef} Secrets (system.Namespace()). */
    static final String SECRET_NAMESPACE = "cosign-system";
    /** The resources a {@code match} may name (cmd/webhook/main.go {@code common.ValidResourceNames}). */
    private static final Set<String> RESOURCES = Set.of("replicasets", "deployments", "pods", "cronjobs", "jobs", "statefulsets", "daemonsets");
    /** The hash algorithms policy-controller accepts ({@code signaturealgo}); Signet verifies sha256 only. */
    private static final Set<String> HASH_ALGORITHMS = Set.of("sha224", "sha256", "sha384", "sha512");

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
        Sources sources = new Sources();
        List<Attestor> authorities = new ArrayList<>();
        for (int a = 0; a < list.size(); a++) {
            authorities.add(authority(compilation.fields(list.get(a), "authorities[" + a + "]"), a, sources));
        }
        Optional<Repository> repository = sources.repository();
        SignatureType type = sources.type();
        // a source unlike the rule's cannot be read for its authority alone: that authority is error, not read elsewhere
        for (int a = 0; a < authorities.size(); a++) {
            Optional<Repository> own = sources.perAuthority.get(a);
            if (own != null && !own.equals(repository)) {
                authorities.set(a, new UnsupportedAttestor(authorities.get(a).path(), "a signature source other than the other authorities' ("
                        + own.map(Repository::name).orElse("beside the image") + ") is not supported: Signet reads one signature repository per policy"));
            }
        }
        unsupported.ifPresent(why -> compilation.note(why + "; every image the policy covers is error"));
        AttestorSet set = new AttestorSet("authorities", OptionalInt.of(1), authorities);
        List<String> notEvaluated = compilation.unreadSince(mark);
        ImageRule rule = new ImageRule(0, "spec", action, List.of(), Selection.none(), Selection.none(), images, List.of(), type, true, false, true,
                List.of(set), List.of(), repository, unsupported, notEvaluated);
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
    private Optional<String> policyBlock(PolicyFields parent, String field) {
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

    /** One authority: key, keyless or static (exactly one, as policy-controller validates), with its attestations. */
    private Attestor authority(PolicyFields authority, int index, Sources sources) {
        String path = authority.path();
        authority.text("name");
        List<String> kinds = new ArrayList<>();
        for (String kind : List.of("key", "keyless", "static")) {
            if (authority.has(kind)) {
                kinds.add(kind);
            }
        }
        if (kinds.size() != 1) {
            throw authority.invalidHere(kinds.isEmpty() ? "has none of key, keyless and static" : "sets " + String.join(" and ", kinds),
                    "an authority is exactly one of key, keyless or static");
        }
        if (kinds.get(0).equals("static")) {
            PolicyFields fixed = authority.object("static").orElseThrow();
            String action = fixed.requiredText("action");
            String message = fixed.text("message").orElse("");
            return switch (action) {
                case "pass" -> new StaticAttestor(path, true, message);
                case "fail" -> new StaticAttestor(path, false, message);
                default -> throw fixed.invalid("action", "must be pass or fail, not " + SignetException.quote(action));
            };
        }
        Optional<String> problem = sources.read(authority, index);
        // each block read once: a reader reports the fields it did not read as not evaluated
        Optional<PolicyFields> ctlog = authority.object("ctlog");
        Logs logs = new Logs(ctlog.isPresent(), ctlog.flatMap(block -> block.text("url")), ctlog.flatMap(block -> block.text("trustRootRef")),
                authority.object("rfc3161timestamp").flatMap(block -> block.text("trustRootRef")));
        Attestor evidence = kinds.get(0).equals("key") ? key(authority, path, logs) : keyless(authority, path, logs);
        if (problem.isPresent()) {
            evidence = new UnsupportedAttestor(path, problem.get());
        }
        JsonNode list = authority.optionalList("attestations");
        if (list.isEmpty()) {
            return evidence;
        }
        List<AttestationRule> attestations = new ArrayList<>();
        for (int a = 0; a < list.size(); a++) {
            PolicyFields attestation = compilation.fields(list.get(a), authority.pathOf("attestations") + "[" + a + "]");
            attestation.text("name");
            String written = attestation.requiredText("predicateType");
            String predicateType;
            try {
                predicateType = PredicateTypes.resolve(written);
            } catch (SignatureFormatException e) {
                throw attestation.invalid("predicateType", "is neither a cosign predicate name nor a URI: " + SignetException.quote(written));
            }
            Optional<String> policy = policyBlock(attestation, "policy");
            if (policy.isPresent()) {
                String why = attestation.pathOf("policy") + ": " + policy.get();
                compilation.note(why + "; authority " + path + " is error");
                return new UnsupportedAttestor(path, why);
            }
            attestations.add(new AttestationRule(attestation.path(), predicateType, List.of(new AttestorSet(path, OptionalInt.empty(), List.of(evidence))),
                    Conditions.none()));
        }
        return new AttestationsAttestor(path, attestations);
    }

    /** An authority's {@code ctlog} and {@code rfc3161timestamp} blocks, as read. */
    private record Logs(boolean ctlog, Optional<String> ctlogUrl, Optional<String> ctlogRef, Optional<String> tsaRef) {
    }

    private Attestor key(PolicyFields authority, String path, Logs logs) {
        PolicyFields key = authority.object("key").orElseThrow(() -> authority.invalid("key", "is not an object"));
        String algorithm = key.text("hashAlgorithm").orElse("sha256");
        if (!HASH_ALGORITHMS.contains(algorithm)) {
            throw key.invalid("hashAlgorithm", "must be one of sha224, sha256, sha384 or sha512, not " + SignetException.quote(algorithm));
        }
        boolean requireTlog = tlog(logs, false, false);
        List<String> sources = new ArrayList<>();
        for (String source : List.of("data", "secretRef", "kms")) {
            if (key.has(source)) {
                sources.add(source);
            }
        }
        if (sources.size() != 1) {
            throw key.invalidHere(sources.isEmpty() ? "has none of data, secretRef and kms" : "sets " + String.join(" and ", sources),
                    "a key is exactly one of data, secretRef or kms");
        }
        key.raw("data");
        if (logs.tsaRef().isPresent()) {
            return unsupported(path, "RFC 3161 timestamps of key signatures are not checked (rfc3161timestamp on a key authority)");
        }
        if (!algorithm.equals("sha256")) {
            return unsupported(path, "hashAlgorithm " + SignetException.quote(algorithm) + " is not supported (sha256 is)");
        }
        if (requireTlog) {
            compilation.note(path + ": the policy requires a Rekor transparency-log entry for signatures made with this key (ctlog with a url or"
                    + " trustRootRef), which Signet does not check for key signatures yet: it verifies them with the key alone");
        }
        if (key.has("kms")) {
            return unsupported(path, "KMS keys are not supported");
        }
        if (key.has("secretRef")) {
            PolicyFields secret = key.object("secretRef").orElseThrow();
            String name = secret.requiredText("name");
            Optional<String> namespace = secret.text("namespace");
            String ref = "k8s://" + SECRET_NAMESPACE + "/" + name;
            compilation.note(key.pathOf("secretRef") + ": read as " + ref + " (policy-controller reads secretRef Secrets in its own namespace"
                    + namespace.map(ns -> ", not " + ns).orElse("") + "); Signet reads the key cosign.pub, where policy-controller takes the"
                    + " Secret's one data entry whatever its name");
            try {
                return new KeyAttestor(path, new KeySource.Reference(KeyRef.parse(ref).toString()), Map.of(), requireTlog);
            } catch (KeyException e) {
                throw secret.invalid("name", "is not a Secret name: " + e.getMessage());
            }
        }
        List<VerificationKey> keys;
        try {
            keys = PemKeys.parsePublicKeys(key.requiredText("data"), compilation.id().displayName() + " " + path);
        } catch (KeyException e) {
            throw key.invalid("data", "holds no usable public key: " + e.getMessage());
        }
        if (keys.size() == 1) {
            return new KeyAttestor(path, new KeySource.Inline(keys.get(0)), Map.of(), requireTlog);
        }
        // several keys in one authority: any one verifying is enough (validator.go valid(), "success if any key matches")
        List<Attestor> entries = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            entries.add(new KeyAttestor(path + ".key.data[" + k + "]", new KeySource.Inline(keys.get(k)), Map.of(), requireTlog));
        }
        return new NestedAttestor(path, new AttestorSet(path + ".key", OptionalInt.of(1), entries));
    }

    /**
     * Whether the authority requires a Rekor entry: without {@code ctlog}, only a keyless authority without its own trust
     * root does (public-good keys); with one, when it names a {@code url} or {@code trustRootRef}; never when
     * {@code rfc3161timestamp} names a trust root (timestamps replace the log).
     */
    private static boolean tlog(Logs logs, boolean keyless, boolean keylessTrustRoot) {
        if (logs.tsaRef().isPresent()) {
            return false;
        }
        if (!logs.ctlog()) {
            return keyless && !keylessTrustRoot;
        }
        return logs.ctlogUrl().isPresent() || logs.ctlogRef().isPresent();
    }

    private Attestor keyless(PolicyFields authority, String path, Logs logs) {
        PolicyFields keyless = authority.object("keyless").orElseThrow(() -> authority.invalid("keyless", "is not an object"));
        // Fulcio's URL: Signet issues no certificates and checks them offline against the root
        if (keyless.text("url").isPresent() && keyless.has("ca-cert")) {
            throw keyless.invalidHere("sets both url and ca-cert", "use one (policy-controller's validation refuses both)");
        }
        JsonNode list = keyless.list("identities");
        if (list.isEmpty()) {
            throw keyless.invalid("identities", "is empty", "add {issuer, subject} or their Regexp forms");
        }
        List<IdentityMatcher> identities = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            identities.add(identity(compilation.fields(list.get(i), keyless.pathOf("identities") + "[" + i + "]")));
        }
        boolean requireSct = !keyless.bool("insecureIgnoreSCT", false);
        Optional<String> rootRef = keyless.text("trustRootRef").filter(ref -> !ref.isBlank());
        boolean requireTlog = tlog(logs, true, rootRef.isPresent());
        Optional<String> ctlogRef = logs.ctlogRef().filter(ref -> !ref.isBlank());
        Optional<String> tsaRef = logs.tsaRef().filter(ref -> !ref.isBlank());
        Set<String> refs = new LinkedHashSet<>();
        rootRef.ifPresent(refs::add);
        ctlogRef.ifPresent(refs::add);
        tsaRef.ifPresent(refs::add);
        Optional<PolicyFields> caCert = keyless.object("ca-cert");
        if (refs.size() > 1 || (!refs.isEmpty() && rootRef.isEmpty()) || (caCert.isPresent() && !refs.isEmpty())) {
            return unsupported(path, "trust material from several places (keyless.trustRootRef, ctlog.trustRootRef, rfc3161timestamp.trustRootRef,"
                    + " ca-cert) is not supported: Signet checks a keyless signature against one trusted root; name the same TrustRoot in each");
        }
        if (tsaRef.isPresent()) {
            compilation.note(path + ": rfc3161timestamp: Signet checks the signature's timestamps against TrustRoot " + tsaRef.get()
                    + " and, without a Rekor entry, a signature without a timestamp is checked at the current time (its certificate has expired)");
        }
        TrustedRootSource root;
        if (rootRef.isPresent()) {
            root = new TrustedRootSource.Reference(PolicyControllerTrustRoots.ref(rootRef.get()));
        } else if (caCert.isPresent()) {
            PolicyFields ca = caCert.get();
            ca.raw("kms");
            ca.raw("secretRef");
            if (!ca.has("data")) {
                return unsupported(path, "a ca-cert from " + (ca.has("secretRef") ? "a Secret" : "KMS") + " is not supported (ca-cert.data is)");
            }
            String name = "the trusted root of " + compilation.id().displayName() + " " + path;
            try {
                TrustedRoot cas = TrustedRoot.fromPems(name, ca.requiredText("data"), null, null, null);
                TrustedRoot base = TrustedRoot.production();
                root = new TrustedRootSource.Inline(new TrustedRoot(name, cas.certificateAuthorities(), base.tlogs(), base.ctlogs(),
                        base.timestampAuthorities()));
            } catch (SignetException | IllegalArgumentException e) {
                throw ca.invalid("data", "is not usable PEM: " + e.getMessage());
            }
        } else {
            root = new TrustedRootSource.Inline(TrustedRoot.production());
        }
        return new KeylessAttestor(path, root, identities, requireTlog, requireSct, Map.of());
    }

    /**
     * One identity: {@code issuer} and {@code subject} match exactly, their {@code Regexp} forms anywhere in the value
     * (cosign's {@code CheckOpts.Identities}: Go's {@code regexp.MatchString}, unanchored); each of issuer and subject is
     * required in one form, as policy-controller validates.
     */
    private IdentityMatcher identity(PolicyFields identity) {
        TextMatch issuer = match(identity, "issuer");
        TextMatch subject = match(identity, "subject");
        return new IdentityMatcher(subject, Optional.of(issuer), Map.of());
    }

    private TextMatch match(PolicyFields identity, String field) {
        Optional<String> exact = identity.text(field).filter(text -> !text.isEmpty());
        Optional<String> regexp = identity.text(field + "RegExp").filter(text -> !text.isEmpty());
        if (exact.isPresent() && regexp.isPresent()) {
            throw identity.invalidHere("sets both " + field + " and " + field + "RegExp", "use one");
        }
        if (exact.isPresent()) {
            return TextMatch.exact(exact.get());
        }
        String expression = regexp.orElseThrow(() -> identity.invalidHere("names no " + field, "set " + field + " or " + field + "RegExp"));
        try {
            return TextMatch.regexp(expression);
        } catch (IllegalArgumentException e) {
            throw identity.invalid(field + "RegExp", "is not a regular expression: " + e.getMessage());
        }
    }

    private UnsupportedAttestor unsupported(String path, String why) {
        compilation.note(path + ": " + why + "; the authority is error");
        return new UnsupportedAttestor(path, why);
    }

    /** The authorities' {@code source} blocks: Signet reads one signature repository per policy, which they must share. */
    private final class Sources {
        /** Each signature authority's repository (empty: beside the image); static authorities have none. */
        final Map<Integer, Optional<Repository>> perAuthority = new TreeMap<>();
        final Set<String> formats = new LinkedHashSet<>();

        /** Reads the authority's {@code source} and {@code signatureFormat}; says why the authority cannot be evaluated, if so. */
        Optional<String> read(PolicyFields authority, int index) {
            formats.add(authority.text("signatureFormat").orElse(""));
            JsonNode list = authority.optionalList("source");
            Optional<Repository> repository = Optional.empty();
            if (list.size() > 1) {
                perAuthority.put(index, repository);
                return Optional.of(unsupported(authority.path(), "several signature sources are not supported").what());
            }
            for (int s = 0; s < list.size(); s++) {
                PolicyFields source = compilation.fields(list.get(s), authority.pathOf("source") + "[" + s + "]");
                if (source.has("tagPrefix")) {
                    source.raw("oci");
                    source.raw("signaturePullSecrets");
                    perAuthority.put(index, repository);
                    return Optional.of(unsupported(authority.path(), "source.tagPrefix (signature tags with a prefix) is not supported").what());
                }
                if (source.has("signaturePullSecrets")) {
                    source.raw("signaturePullSecrets");
                    compilation.note(source.pathOf("signaturePullSecrets") + ": Signet reads signatures with its own registry credentials, not"
                            + " these pull Secrets; a repository it cannot read makes the authority error");
                }
                Optional<String> oci = source.text("oci");
                if (oci.isPresent()) {
                    try {
                        repository = Optional.of(ImageReference.parse(oci.get()).context());
                    } catch (InvalidReferenceException e) {
                        throw source.invalid("oci", "is not a repository: " + e.getMessage());
                    }
                }
            }
            perAuthority.put(index, repository);
            return Optional.empty();
        }

        /** The repository most signature authorities name (the first one's), read for all of them. */
        Optional<Repository> repository() {
            return perAuthority.values().stream().findFirst().orElse(Optional.empty());
        }

        /** {@code signatureFormat: bundle} reads Sigstore bundles, anything else the {@code .sig} tag; both when authorities differ. */
        SignatureType type() {
            formats.remove(null);
            if (formats.equals(Set.of("bundle"))) {
                return SignatureType.SIGSTORE_BUNDLE;
            }
            if (formats.contains("bundle")) {
                compilation.note("authorities: some read Sigstore bundles (signatureFormat: bundle) and some .sig signatures: Signet reads both"
                        + " layouts for every authority");
                return SignatureType.ANY;
            }
            return SignatureType.COSIGN;
        }
    }
}

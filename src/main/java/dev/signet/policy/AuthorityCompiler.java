package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.conditions.Conditions;
import dev.signet.keys.KeyException;
import dev.signet.keys.KeyRef;
import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compiles the {@code authorities} of a policy-controller {@code ClusterImagePolicy} ({@link PolicyControllerCompiler}),
 * one entry each: a key, keyless or static authority, or one checked on attestations. Read as
 * sigstore/policy-controller@f925c0c1a412910787a7f045581fa9d5ed09a20a checks them ({@code pkg/webhook/validator.go}
 * {@code ValidatePolicy}, {@code checkOptsFromAuthority}, {@code rekorClientAndKeysFromAuthority};
 * {@code pkg/reconciler/clusterimagepolicy/clusterimagepolicy.go} {@code inlineAndTrackSecret} for {@code secretRef}).
 */
final class AuthorityCompiler {
    /** Where policy-controller installs itself, and so where it reads {@code key.secretRef} Secrets (system.Namespace()). */
    static final String SECRET_NAMESPACE = "cosign-system";
    /** The hash algorithms policy-controller accepts ({@code signaturealgo}); Signet verifies sha256 only. */
    private static final Set<String> HASH_ALGORITHMS = Set.of("sha224", "sha256", "sha384", "sha512");

    private final Compilation compilation;
    private final Sources sources = new Sources();

    AuthorityCompiler(Compilation compilation) {
        this.compilation = compilation;
    }

    /** The signature sources the authorities compiled so far read. */
    Sources sources() {
        return sources;
    }

    /** One authority: key, keyless or static (exactly one, as policy-controller validates), with its attestations. */
    Attestor authority(PolicyFields authority, int index) {
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
            Optional<String> policy = PolicyControllerCompiler.policyBlock(attestation, "policy");
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
        if (logs.tsaRef().isPresent() && logs.tsaRef().get().isBlank()) {
            // never narrow: a timestamp block that names no TrustRoot is not read as "no timestamps"
            return unsupported(path, "rfc3161timestamp names no trustRootRef");
        }
        // rfc3161timestamp: cosign's UseSignedTimestamps with the TrustRoot's timestamp authorities, and no log (validator.go)
        Optional<TrustedRootSource> timestamps = logs.tsaRef().filter(ref -> !ref.isBlank())
                .map(ref -> new TrustedRootSource.Reference(PolicyControllerTrustRoots.ref(ref)));
        timestamps.ifPresent(ref -> compilation.note(LoadNote.Kind.STRICTER, path + ": rfc3161timestamp: a signature must carry an RFC 3161 timestamp that verifies under"
                + " TrustRoot " + logs.tsaRef().get() + "; cosign accepts a legacy .sig signature without one, Signet does not (stricter)"));
        // sigstore's LoadVerifier(key, hash): only signatures over that hash of the payload verify
        Optional<String> digest = algorithm.equals("sha256") ? Optional.empty() : Optional.of("SHA-" + algorithm.substring(3));
        if (digest.isPresent() && requireTlog) {
            return unsupported(path, "a Rekor entry of a signature over " + algorithm + " (hashAlgorithm with ctlog) is not checked (sha256 is)");
        }
        if (requireTlog && logs.ctlogRef().isPresent()) {
            return unsupported(path, "a Rekor entry of a key signature checked under a TrustRoot (ctlog.trustRootRef) is not supported; the"
                    + " public-good Rekor keys are (ctlog with a url alone)");
        }
        // ctlog with a url: the signature's Rekor entry, checked offline under the public-good Rekor keys, as cosign.GetRekorPubs gives them
        Optional<TrustedRoot> tlog = requireTlog ? Optional.of(TrustedRoot.production()) : Optional.empty();
        if (key.has("kms")) {
            String uri = key.requiredText("kms");
            Optional<String> problem = KmsKeys.problem(uri, true);
            return problem.isPresent() ? unsupported(path, problem.get()) : KmsKeys.entry(compilation, path, uri, Map.of(), tlog, digest, timestamps);
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
                return new KeyAttestor(path, new KeySource.Reference(KeyRef.parse(ref).toString(), digest), Map.of(), tlog, timestamps);
            } catch (KeyException e) {
                throw secret.invalid("name", "is not a Secret name: " + e.getMessage());
            }
        }
        List<VerificationKey> keys;
        try {
            keys = PemKeys.parsePublicKeys(key.requiredText("data"), compilation.id().displayName() + " " + path).stream()
                    .map(parsed -> digest.map(parsed::withDigest).orElse(parsed)).toList();
        } catch (KeyException e) {
            throw key.invalid("data", "holds no usable public key: " + e.getMessage());
        }
        if (keys.size() == 1) {
            return new KeyAttestor(path, new KeySource.Inline(keys.get(0)), Map.of(), tlog, timestamps);
        }
        // several keys in one authority: any one verifying is enough (validator.go valid(), "success if any key matches")
        List<Attestor> entries = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            entries.add(new KeyAttestor(path + ".key.data[" + k + "]", new KeySource.Inline(keys.get(k)), Map.of(), tlog, timestamps));
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
            if (ca.has("secretRef")) {
                PolicyFields secret = ca.object("secretRef").orElseThrow(() -> ca.invalid("secretRef", "is not an object"));
                String secretName = secret.requiredText("name");
                Optional<String> namespace = secret.text("namespace");
                compilation.note(ca.pathOf("secretRef") + ": the CAs are read from Secret " + SECRET_NAMESPACE + "/" + secretName
                        + " (its one data entry, as policy-controller reads it, in policy-controller's namespace" + namespace.map(ns -> ", not " + ns).orElse("")
                        + "), watched in the cluster; signet policy test cannot read it, so there the authority is error");
                root = new TrustedRootSource.Reference(PolicyControllerTrustRoots.caCertSecretRef(SECRET_NAMESPACE, secretName));
            } else if (!ca.has("data")) {
                return unsupported(path, "a ca-cert from KMS is not supported (ca-cert.data and ca-cert.secretRef are)");
            } else {
                String name = "the trusted root of " + compilation.id().displayName() + " " + path;
                try {
                    root = new TrustedRootSource.Inline(PolicyControllerTrustRoots.caCertRoot(name, ca.requiredText("data")));
                } catch (SignetException | IllegalArgumentException e) {
                    throw ca.invalid("data", "is not usable PEM: " + e.getMessage());
                }
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
    final class Sources {
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

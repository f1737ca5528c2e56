package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.sigstore.TrustedRoot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * policy-controller's {@code TrustRoot} kind ({@code policy.sigstore.dev/v1alpha1}), the trust material a
 * {@code ClusterImagePolicy} names by {@code trustRootRef} for a private Sigstore instance: kept parsed by name, and
 * served as {@link TrustedRoots} for the references {@link PolicyControllerCompiler} makes ({@link #ref}). Read as
 * sigstore/policy-controller@f925c0c1a412910787a7f045581fa9d5ed09a20a {@code pkg/apis/policy/v1alpha1/trustroot_types.go}
 * defines it: {@code sigstoreKeys} holds base64 PEM (a {@code []byte} in Go's JSON) per certificate authority, Rekor
 * log ({@code tLogs}), CT log ({@code ctLogs}) and timestamp authority, each trusted without a validity window (the
 * kind has none). {@code repository} and {@code remote} are TUF repositories, which Signet cannot read (it has no TUF
 * client): such a root is not served, and the entries naming it are {@code error} saying why.
 */
public final class PolicyControllerTrustRoots implements TrustedRoots {
    private static final String PREFIX = "policy.sigstore.dev/TrustRoot/";
    private static final String CA_CERT_PREFIX = "policy.sigstore.dev/ca-cert-secret/";

    /** A TrustRoot as last read: its root, or why it is not served. */
    private record Parsed(String name, Optional<TrustedRoot> root, String problem) {
    }

    private final Map<String, Parsed> byKey = new ConcurrentHashMap<>();

    /** The reference a policy's {@code trustRootRef: NAME} compiles to, apart from Signet's own ConfigMap names. */
    static String ref(String name) {
        return PREFIX + name;
    }

    /** The reference a keyless {@code ca-cert.secretRef} compiles to: the Secret {@code NAMESPACE/NAME}'s CAs. */
    public static String caCertSecretRef(String namespace, String name) {
        return CA_CERT_PREFIX + namespace + "/" + name;
    }

    /** The {@code NAMESPACE/NAME} of the Secret a {@link #caCertSecretRef} reference names, or empty for other references. */
    public static Optional<String> caCertSecret(String ref) {
        return ref.startsWith(CA_CERT_PREFIX) ? Optional.of(ref.substring(CA_CERT_PREFIX.length())) : Optional.empty();
    }

    /**
     * A keyless authority's {@code ca-cert}: its PEM certificates as the root's certificate authorities, with the
     * public-good Rekor, CT logs and timestamp authorities (policy-controller keeps the public-good TUF root's logs for
     * such an authority).
     *
     * @throws SignetException or IllegalArgumentException when the PEM holds no usable certificate
     */
    public static TrustedRoot caCertRoot(String name, String pem) {
        TrustedRoot cas = TrustedRoot.fromPems(name, pem, null, null, null);
        TrustedRoot base = TrustedRoot.production();
        return new TrustedRoot(name, cas.certificateAuthorities(), base.tlogs(), base.ctlogs(), base.timestampAuthorities());
    }

    /** Whether a reference names a TrustRoot (else it is for another root source). */
    public static boolean names(String ref) {
        return ref.startsWith(PREFIX);
    }

    /** Whether the document is a policy-controller TrustRoot. */
    public static boolean isTrustRoot(JsonNode document) {
        return document.path("apiVersion").asText("").startsWith(PolicyControllerCompiler.GROUP + "/") && "TrustRoot".equals(document.path("kind").asText());
    }

    /**
     * Reads (or re-reads) the TrustRoot stored under {@code key} (a file and document index, or the cluster object).
     *
     * @return why the root is not served, when it is not
     */
    public Optional<String> put(String key, JsonNode document) {
        String name = document.path("metadata").path("name").asText("");
        Parsed parsed;
        try {
            parsed = new Parsed(name, Optional.of(parse(document)), "");
        } catch (PolicyException e) {
            parsed = new Parsed(name, Optional.empty(), e.getMessage());
        }
        byKey.put(key, parsed);
        return parsed.root().isPresent() ? Optional.empty() : Optional.of(parsed.problem());
    }

    /** Forgets the TrustRoot stored under {@code key}; returns its name when there was one. */
    public Optional<String> remove(String key) {
        return Optional.ofNullable(byKey.remove(key)).map(Parsed::name);
    }

    /** The names of the TrustRoots held, for the readiness detail. */
    public List<String> names() {
        return byKey.values().stream().map(Parsed::name).sorted().toList();
    }

    /**
     * @throws IllegalStateException when the TrustRoot exists but is not served (TUF, malformed), or when two documents
     *     (files) hold TrustRoots of that name, with why: the entries naming it are then {@code error}
     */
    @Override
    public Optional<TrustedRoot> find(String ref) {
        if (!names(ref)) {
            return Optional.empty();
        }
        String name = ref.substring(PREFIX.length());
        List<Parsed> named = byKey.values().stream().filter(parsed -> parsed.name().equals(name)).toList();
        if (named.size() > 1) {
            // the cluster keeps one TrustRoot per name; two files may not: which one a policy trusts must not be chance
            throw new IllegalStateException(named.size() + " TrustRoots are named " + name + "; keep one, so that which keys the policies trust is not"
                    + " left to chance");
        }
        if (named.isEmpty()) {
            return Optional.empty();
        }
        if (named.get(0).root().isEmpty()) {
            throw new IllegalStateException(named.get(0).problem());
        }
        return named.get(0).root();
    }

    /** This source for TrustRoot references, {@code others} for every other reference (Signet's named ConfigMaps). */
    public TrustedRoots before(TrustedRoots others) {
        return ref -> names(ref) ? find(ref) : others.find(ref);
    }

    /**
     * Parses a TrustRoot document.
     *
     * @throws PolicyException naming the TrustRoot and what is wrong or unsupported
     */
    public static TrustedRoot parse(JsonNode document) {
        String name = document.path("metadata").path("name").asText("");
        String subject = "TrustRoot " + (name.isEmpty() ? "(no name)" : name);
        if (name.isEmpty()) {
            throw new PolicyException("read trust root", subject, "metadata.name is missing");
        }
        JsonNode spec = document.path("spec");
        for (String tuf : List.of("repository", "remote")) {
            if (spec.has(tuf)) {
                throw new PolicyException("read trust root", subject, "spec." + tuf + " is a TUF repository, which Signet cannot read (it has no TUF"
                        + " client)", "give the keys as spec.sigstoreKeys, or the trusted_root.json as a ConfigMap named by Signet's own trustedRootRef");
            }
        }
        JsonNode keys = spec.path("sigstoreKeys");
        if (!keys.isObject()) {
            throw new PolicyException("read trust root", subject, "spec.sigstoreKeys is missing");
        }
        String rootName = "TrustRoot " + name;
        try {
            List<TrustedRoot.CertificateAuthority> cas = new ArrayList<>();
            for (JsonNode ca : keys.path("certificateAuthorities")) {
                cas.addAll(TrustedRoot.fromPems(rootName, pem(ca.path("certChain"), subject), null, null, null).certificateAuthorities());
            }
            List<TrustedRoot.LogKey> tlogs = new ArrayList<>();
            for (JsonNode log : keys.path("tLogs")) {
                tlogs.addAll(TrustedRoot.fromPems(rootName, null, pem(log.path("publicKey"), subject), null, null).tlogs());
            }
            List<TrustedRoot.LogKey> ctlogs = new ArrayList<>();
            for (JsonNode log : keys.path("ctLogs")) {
                ctlogs.addAll(TrustedRoot.fromPems(rootName, null, null, pem(log.path("publicKey"), subject), null).ctlogs());
            }
            List<TrustedRoot.TimestampAuthority> tsas = new ArrayList<>();
            for (JsonNode tsa : keys.path("timestampAuthorities")) {
                tsas.addAll(TrustedRoot.fromPems(rootName, null, null, null, pem(tsa.path("certChain"), subject)).timestampAuthorities());
            }
            return new TrustedRoot(rootName, cas, tlogs, ctlogs, tsas);
        } catch (SignetException | IllegalArgumentException e) {
            if (e instanceof PolicyException policy) {
                throw policy;
            }
            throw new PolicyException("read trust root", subject, "spec.sigstoreKeys is not usable: " + e.getMessage());
        }
    }

    /** A {@code []byte} field: base64 of PEM. */
    private static String pem(JsonNode field, String subject) {
        try {
            return new String(Base64.getMimeDecoder().decode(field.asText("")), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new PolicyException("read trust root", subject, "a certChain or publicKey is not base64 (policy-controller stores PEM base64-encoded)");
        }
    }
}

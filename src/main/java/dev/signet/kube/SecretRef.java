package dev.signet.kube;

import dev.signet.keys.KeyRef;

/**
 * A Secret by namespace and name, as {@code namespace/name} (pull Secrets) or cosign's key reference
 * {@code k8s://namespace/name}. Both parts are checked against the Kubernetes name rules, so an instance always names
 * something the API server could hold, and {@code app} can check every configured reference at startup.
 *
 * @param namespace a DNS-1123 label
 * @param name a DNS-1123 subdomain
 */
public record SecretRef(String namespace, String name) {

    /** Rejects names the API server would reject. */
    public SecretRef {
        String problem = problem(namespace, name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Parses {@code namespace/name}.
     *
     * @throws IllegalArgumentException naming the reference and what is wrong with it
     */
    public static SecretRef parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", -1);
        String problem = parts.length == 2 ? problem(parts[0], parts[1]) : "expected NAMESPACE/NAME";
        if (problem != null) {
            throw new IllegalArgumentException("parse secret reference " + text + ": " + problem);
        }
        return new SecretRef(parts[0], parts[1]);
    }

    /** Whether a key reference names a Secret (starts with {@code k8s://}), as cosign decides it. */
    public static boolean isKeyRef(String keyRef) {
        return keyRef != null && keyRef.startsWith(SecretKeys.KEY_REF_PREFIX);
    }

    /**
     * Parses cosign's {@code k8s://namespace/name}: like cosign's {@code parseRef}, exactly two parts after the prefix.
     *
     * @throws IllegalArgumentException naming the reference and what is wrong with it
     */
    public static SecretRef fromKeyRef(String keyRef) {
        String problem = keyRefProblem(keyRef);
        if (problem != null) {
            throw new IllegalArgumentException("parse key reference " + keyRef + ": " + problem);
        }
        String[] parts = keyRef.substring(SecretKeys.KEY_REF_PREFIX.length()).split("/", -1);
        return new SecretRef(parts[0], parts[1]);
    }

    /** What is wrong with a key reference, or null when it names a Secret; for callers that build their own message. */
    static String keyRefProblem(String keyRef) {
        if (!isKeyRef(keyRef)) {
            return "expected k8s://NAMESPACE/NAME";
        }
        String[] parts = keyRef.substring(SecretKeys.KEY_REF_PREFIX.length()).split("/", -1);
        return parts.length == 2 ? problem(parts[0], parts[1]) : "expected k8s://NAMESPACE/NAME";
    }

    /** The Kubernetes name rules, kept in one place: {@link KeyRef.Secret} names Secrets too. */
    private static String problem(String namespace, String name) {
        return KeyRef.Secret.problem(namespace, name);
    }

    /** cosign's key reference for this Secret, {@code k8s://namespace/name}. */
    public String keyRef() {
        return SecretKeys.KEY_REF_PREFIX + namespace + "/" + name;
    }

    /** {@code namespace/name}: the subject of error messages, and fabric8's informer cache key. */
    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}

package dev.signet;

/**
 * Why an operation could not complete. The exhaustive switch over failures belongs here rather than on the
 * exception hierarchy, because sealed classes cannot span packages in the unnamed module.
 */
public enum Reason {
    /** A Docker reference that does not follow the grammar. */
    INVALID_REFERENCE(false),
    /** A key reference that names nothing (no file, no Secret, no variable). */
    KEY_NOT_FOUND(false),
    /** An encrypted key that does not open with the given password. */
    KEY_LOCKED(false),
    /** Key bytes that are not a key in any accepted encoding. */
    KEY_MALFORMED(false),
    /** A well-formed key of a type or size cosign does not accept. */
    KEY_UNSUPPORTED(false),
    /** A signature, payload or signature manifest that cannot be parsed. */
    SIGNATURE_MALFORMED(false),
    /** The registry refused our credentials. */
    REGISTRY_UNAUTHORIZED(false),
    /** The registry accepted our credentials but denied the operation. */
    REGISTRY_DENIED(false),
    /** A manifest, blob or tag that does not exist. */
    REGISTRY_NOT_FOUND(false),
    /** The registry could not be reached or answered 5xx; worth retrying. */
    REGISTRY_UNAVAILABLE(true),
    /** TLS with the registry failed (untrusted certificate, plain-HTTP server): a configuration problem. */
    REGISTRY_TLS(false),
    /** The registry asked us to slow down (429); worth retrying. */
    TOO_MANY_REQUESTS(true),
    /** The Kubernetes API could not be reached or did not answer in time (reading a key or pull Secret); worth retrying. */
    KUBERNETES_UNAVAILABLE(true),
    /** The registry answered something that breaks the distribution spec (wrong digest, oversize body). */
    REGISTRY_PROTOCOL(false),
    /** A manifest or index that breaks its spec or does not match its digest. */
    MANIFEST_INVALID(false),
    /** The caller's deadline passed before the work was done; the rest was not done. Worth retrying. */
    DEADLINE_EXCEEDED(true),
    /** The event sink (the Knative broker) refused or did not answer; worth retrying. */
    EVENT_SINK_UNAVAILABLE(true),
    /** A policy document that cannot be compiled. */
    POLICY_INVALID(false),
    /** Input from outside (an event, a review, a manifest) that cannot be parsed. */
    INPUT_INVALID(false);

    private final boolean transientByDefault;

    Reason(boolean transientByDefault) {
        this.transientByDefault = transientByDefault;
    }

    /** Whether a retry of the same operation may succeed without anyone changing anything. */
    public boolean isTransient() {
        return transientByDefault;
    }
}

package dev.signet.policy;

/**
 * Which admission webhook asks (Kubernetes "Dynamic Admission Control"): the mutating one runs first and may pin
 * tag-only images to the digest it verified; the validating one sees the object as stored and must not count on a
 * pin that did not happen (the mutating webhook fails open, or is not installed).
 */
public enum AdmissionPhase {
    /** May answer with a JSONPatch; a tag-only image under {@code mutateDigest} passes because it is pinned here. */
    MUTATING,
    /** Answers allowed or denied only; a tag-only image under {@code verifyDigest} is denied (Kyverno: "missing digest"). */
    VALIDATING
}

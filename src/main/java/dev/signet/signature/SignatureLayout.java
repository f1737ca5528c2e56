package dev.signet.signature;

/** Where cosign keeps image signatures (cosign-formats.md §2 and §3). */
public enum SignatureLayout {
    /** Simple-signing layers under the {@code sha256-<hex>.sig} tag (cosign 1.x/2.x default). */
    LEGACY,
    /** A Sigstore bundle v0.3 attached as an OCI 1.1 referrer (cosign v3 default). */
    BUNDLE
}

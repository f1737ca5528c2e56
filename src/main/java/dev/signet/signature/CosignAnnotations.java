package dev.signet.signature;

/** Annotation keys cosign puts on signature layers (cosign-formats.md §2). */
public final class CosignAnnotations {
    /** base64 (standard, padded) of the DER signature over the layer's payload. */
    public static final String SIGNATURE = "dev.cosignproject.cosign/signature";
    /** PEM signing certificate (keyless signatures). */
    public static final String CERTIFICATE = "dev.sigstore.cosign/certificate";
    /** PEM certificate chain (keyless signatures). */
    public static final String CHAIN = "dev.sigstore.cosign/chain";
    /** Rekor bundle JSON: the transparency-log inclusion promise. */
    public static final String BUNDLE = "dev.sigstore.cosign/bundle";
    /** RFC 3161 timestamp JSON. */
    public static final String RFC3161_TIMESTAMP = "dev.sigstore.cosign/rfc3161timestamp";

    private CosignAnnotations() {
    }
}

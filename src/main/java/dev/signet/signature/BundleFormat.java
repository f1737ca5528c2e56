package dev.signet.signature;

/**
 * Strings of the Sigstore bundle layout (cosign-formats.md §3): media types, in-toto and DSSE types, and the
 * annotations cosign puts on a bundle's referrer manifest.
 */
public final class BundleFormat {
    /** The bundle media type cosign v3 writes, used as blob media type and artifactType. */
    public static final String BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
    /** DSSE payload type of an in-toto statement. */
    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
    /** in-toto Statement v1 {@code _type}. */
    public static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";
    /** The predicate type of cosign v3's image signature statement. */
    public static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";
    /** Referrer manifest annotation: what the bundle holds ({@code dsse-envelope} for all cosign signs). */
    public static final String CONTENT_ANNOTATION = "dev.sigstore.bundle.content";
    /** Referrer manifest annotation: the statement's predicate type. */
    public static final String PREDICATE_TYPE_ANNOTATION = "dev.sigstore.bundle.predicateType";
    /** Referrer manifest annotation: when it was made (OCI). */
    public static final String CREATED_ANNOTATION = "org.opencontainers.image.created";
    /** The content annotation's value for DSSE bundles. */
    public static final String DSSE_CONTENT = "dsse-envelope";

    private BundleFormat() {
    }
}

package dev.signet.signature;

import dev.signet.reference.Digest;

/**
 * The tags cosign derives from an image digest: {@code sha256-<hex>.sig} for signatures, {@code .att} for
 * attestations, {@code .sbom} for SBOMs, and the bare {@code sha256-<hex>} of the OCI 1.1 referrers tag schema.
 */
public final class SignatureTags {
    private SignatureTags() {
    }

    /** {@code sha256-<hex>.sig}: where legacy signatures of {@code digest} live. */
    public static String signature(Digest digest) {
        return base(digest) + ".sig";
    }

    /** {@code sha256-<hex>.att}: where legacy attestations of {@code digest} live. */
    public static String attestation(Digest digest) {
        return base(digest) + ".att";
    }

    /** {@code sha256-<hex>.sbom}: where attached SBOMs of {@code digest} live. */
    public static String sbom(Digest digest) {
        return base(digest) + ".sbom";
    }

    /** {@code sha256-<hex>}: the referrers fallback index for registries without the referrers API. */
    public static String referrers(Digest digest) {
        return base(digest);
    }

    /**
     * Whether a tag is one of cosign's derived tags. The signer's loop guard uses it: a push of a signature,
     * attestation, SBOM or referrers index is never itself signed.
     */
    public static boolean isDerived(String tag) {
        return tag != null && tag.matches("(sha256-[0-9a-f]{64}|sha512-[0-9a-f]{128})(\\.(sig|att|sbom))?");
    }

    private static String base(Digest digest) {
        return digest.toString().replace(':', '-');
    }
}

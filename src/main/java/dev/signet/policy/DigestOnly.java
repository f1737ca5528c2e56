package dev.signet.policy;

/**
 * A Kyverno {@code verifyImages} entry with neither attestors nor attestations: it checks no signature, only digests.
 * Kyverno accepts it: its image verifier returns no verification result for such an entry and still applies
 * {@code mutateDigest} (the tag resolved and pinned) and, at validation, {@code verifyDigest} (an image without a
 * digest is denied) (kyverno pkg/engine/internal/imageverifier.go@111e07bb, {@code Verify} and {@code verifyImage}).
 * Signet does the same: the image is resolved to its digest, the rule passes without reading signatures, pins the
 * digest under {@code mutateDigest} and fails a tag-only image at the validating webhook under {@code verifyDigest}.
 */
final class DigestOnly {
    private DigestOnly() {
    }

    /** Whether the rule is digest-only. */
    static boolean is(ImageRule rule) {
        return rule.attestors().isEmpty() && rule.attestations().isEmpty() && rule.unsupported().isEmpty();
    }

    /** The outcome of a digest-only rule for an image that resolved to a digest. */
    static RuleOutcome outcome(ImageRule rule) {
        return RuleOutcome.pass("", "no attestors: a digest-only rule" + (rule.verifyDigest() ? " (verifyDigest)" : "")
                + (rule.mutateDigest() ? " (mutateDigest)" : "") + ", no signature checked");
    }

    /** The load note: what the entry checks, so that nobody takes it for a signature check. */
    static String note(String path, boolean verifyDigest, boolean mutateDigest) {
        String does;
        if (verifyDigest && mutateDigest) {
            does = "pins tag-only images to their digest and denies images left without one";
        } else if (verifyDigest) {
            does = "denies images not pinned by digest";
        } else if (mutateDigest) {
            does = "pins tag-only images to their digest";
        } else {
            does = "checks nothing (verifyDigest and mutateDigest are both false)";
        }
        return path + " has no attestors: a digest-only rule, it " + does + " and checks no signature, as in Kyverno";
    }
}

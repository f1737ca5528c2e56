package dev.signet.sigstore;

import dev.signet.Reason;
import dev.signet.SignetException;
import java.util.Objects;

/**
 * Keyless evidence that does not hold, naming the check that failed: "verify bundle sha256:..: transparency log: the
 * inclusion proof does not lead to the checkpoint's root". Thrown by the checks of this package and turned into data
 * (a failed signature check) by the verifiers that use it.
 */
public class SigstoreException extends SignetException {
    private final Check check;

    public SigstoreException(Check check, String subject, String cause) {
        super(check == Check.TRUSTED_ROOT ? Reason.INPUT_INVALID : Reason.SIGNATURE_MALFORMED, "verify", subject,
                check.label() + ": " + Objects.requireNonNull(cause, "cause"));
        this.check = check;
    }

    /** Which check failed. */
    public Check check() {
        return check;
    }

    /** The checks of keyless verification, as a denial names them. */
    public enum Check {
        /** The bundle or annotations could not be read, or have a shape no verifier accepts. */
        FORMAT("format"),
        /** The trusted root is malformed. */
        TRUSTED_ROOT("trusted root"),
        /** The certificate does not chain to a trusted CA at the signing time, or lacks the code-signing EKU. */
        CHAIN("certificate chain"),
        /** No signed certificate timestamp verifies against a trusted CT log. */
        SCT("certificate transparency"),
        /** The certificate names another identity or issuer. */
        IDENTITY("identity"),
        /** The signature does not verify with the certificate's or the trusted key. */
        SIGNATURE("signature"),
        /** The transparency-log entry, its SET, inclusion proof or checkpoint does not hold. */
        TLOG("transparency log"),
        /** An RFC 3161 timestamp does not verify against a trusted timestamp authority. */
        TIMESTAMP("timestamp"),
        /** The signature does not cover the artifact or image asked about. */
        ARTIFACT("artifact");

        private final String label;

        Check(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}

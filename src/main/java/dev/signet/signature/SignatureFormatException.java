package dev.signet.signature;

import dev.signet.Reason;
import dev.signet.SignetException;

/** A payload, signature or signature manifest that does not follow cosign's format. */
public class SignatureFormatException extends SignetException {

    public SignatureFormatException(String action, String subject, String cause) {
        super(Reason.SIGNATURE_MALFORMED, action, subject, cause);
    }
}

package dev.signet.events;

import dev.signet.Reason;
import dev.signet.SignetException;

/** A body that is not an AdmissionReview, or an admission event whose data cannot be read: HTTP 400, never 500. */
public final class InvalidAdmissionException extends SignetException {

    public InvalidAdmissionException(String subject, String cause) {
        super(Reason.INPUT_INVALID, "read admission request", subject, cause);
    }
}

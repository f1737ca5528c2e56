package dev.signet.admission;

import dev.signet.Reason;
import dev.signet.SignetException;

/** The remote verifier did not answer in time, or not with a verdict: the adapter answers by the failure policy. */
public final class VerifierUnavailableException extends SignetException {

    public VerifierUnavailableException(String subject, String cause) {
        super(Reason.EVENT_SINK_UNAVAILABLE, "verify admission", subject, cause);
    }
}

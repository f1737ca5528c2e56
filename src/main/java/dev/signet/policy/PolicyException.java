package dev.signet.policy;

import dev.signet.Reason;
import dev.signet.SignetException;

/** A policy document that cannot be read or compiled; the other policies keep working. */
public final class PolicyException extends SignetException {

    public PolicyException(String action, String subject, String cause, String hint) {
        super(Reason.POLICY_INVALID, action, subject, cause, hint, null);
    }

    public PolicyException(String action, String subject, String cause) {
        this(action, subject, cause, null);
    }
}

package dev.signet.conditions;

import dev.signet.Reason;
import dev.signet.SignetException;

/** Conditions that cannot be compiled: an unknown operator, a malformed entry, an expression too large to run. */
public class ConditionsException extends SignetException {

    public ConditionsException(String subject, String cause) {
        super(Reason.POLICY_INVALID, "compile conditions", subject, cause);
    }
}

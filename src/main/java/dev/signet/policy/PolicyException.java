package dev.signet.policy;

import dev.signet.Reason;
import dev.signet.SignetException;
import java.util.Optional;

/** A policy document that cannot be read or compiled; the other policies keep working. */
public final class PolicyException extends SignetException {
    private final String detail;

    public PolicyException(String action, String subject, String cause, String hint) {
        this(action, subject, cause, hint, null);
    }

    private PolicyException(String action, String subject, String cause, String hint, String detail) {
        super(Reason.POLICY_INVALID, action, subject, cause, hint, null);
        this.detail = detail;
    }

    public PolicyException(String action, String subject, String cause) {
        this(action, subject, cause, null);
    }

    /** With a multi-line report for a person at a terminal (YAML's own, with its position mark); the message stays one line. */
    static PolicyException withDetail(String action, String subject, String cause, String detail) {
        return new PolicyException(action, subject, cause, null, detail);
    }

    /** The multi-line report, when there is one. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }
}

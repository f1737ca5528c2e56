package dev.signet.events;

import dev.signet.Reason;
import dev.signet.SignetException;

/** A CloudEvent whose data cannot be understood: a permanent failure, answered with a failure event, not a retry. */
public class InvalidEventException extends SignetException {

    public InvalidEventException(String action, String subject, String cause) {
        super(Reason.INPUT_INVALID, action, subject, cause);
    }
}

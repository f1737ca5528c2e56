package dev.signet.events;

import dev.signet.Reason;
import dev.signet.SignetException;
import java.util.regex.Pattern;

/** A CloudEvent whose data cannot be understood: a permanent failure, answered with a failure event, not a retry. */
public class InvalidEventException extends SignetException {
    // what ids look like in practice (UUIDs, delivery ids, ULIDs): shown as they are; anything else is quoted
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._:/@+=-]{1," + MAX_QUOTED_LENGTH + "}");

    /** {@code eventId} is the producer's CloudEvent id; unless it is a plain token, the message quotes it. */
    public InvalidEventException(String action, String eventId, String cause) {
        super(Reason.INPUT_INVALID, action, eventId == null || PLAIN_ID.matcher(eventId).matches() ? eventId : quote(eventId), cause, null, null);
    }
}

package dev.signet.events.ingest;

import dev.signet.Reason;
import dev.signet.SignetException;

/**
 * A webhook body that cannot be turned into pushes: malformed JSON, a missing or mistyped member, a value outside
 * the reference grammar. The endpoint answers 400 with the message, which names the payload, the member and the
 * rule, e.g. {@code parse harbor webhook payload event_data.resources[0].digest: parse digest "sha256:ab": ...}.
 */
public class InvalidNotificationException extends SignetException {

    public InvalidNotificationException(String action, String subject, String cause) {
        super(Reason.INPUT_INVALID, action, subject, cause);
    }

    /** {@link SignetException#quote}, except that an absent value reads {@code null}, as JSON would show it. */
    public static String quote(String text) {
        return text == null ? "null" : SignetException.quote(text);
    }
}

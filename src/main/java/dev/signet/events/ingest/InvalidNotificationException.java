package dev.signet.events.ingest;

import dev.signet.Reason;
import dev.signet.SignetException;

/**
 * A webhook body that cannot be turned into pushes: malformed JSON, a missing or mistyped member, a value outside
 * the reference grammar. The endpoint answers 400 with the message, which names the payload, the member and the
 * rule, e.g. {@code parse harbor webhook payload event_data.resources[0].digest: parse digest "sha256:ab": ...}.
 */
public class InvalidNotificationException extends SignetException {
    /** Longer untrusted text is cut: the message goes back to the sender and into logs. */
    static final int MAX_QUOTED_LENGTH = 100;

    public InvalidNotificationException(String action, String subject, String cause) {
        super(Reason.INPUT_INVALID, action, subject, cause);
    }

    /** Quotes untrusted text for a message: cut to 100 characters, quotes, controls and non-ASCII escaped. */
    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        boolean cut = text.length() > MAX_QUOTED_LENGTH;
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : (cut ? text.substring(0, MAX_QUOTED_LENGTH) : text).toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                // an escaped newline cannot forge a second log line
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append(cut ? "...\"" : "\"").toString();
    }
}

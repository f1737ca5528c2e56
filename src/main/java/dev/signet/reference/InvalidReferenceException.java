package dev.signet.reference;

import dev.signet.Reason;
import dev.signet.SignetException;

/**
 * A reference, or one of its parts, that does not follow the Docker reference grammar.
 *
 * <p>Messages read {@code parse reference "<input>": <cause>}. The input is untrusted text that ends up in logs and
 * admission responses, so it is quoted, cut to 100 characters and has control and non-ASCII characters escaped.
 */
public final class InvalidReferenceException extends SignetException {
    /** Longer inputs are cut: a 4 KiB reference in a log line helps nobody and may hide the cause. */
    static final int MAX_QUOTED_LENGTH = 100;

    /** A reference that failed to parse, with the rule it broke as {@code cause}. */
    public InvalidReferenceException(String input, String cause) {
        this("parse reference", input, cause);
    }

    /** A part (tag, digest, registry, repository) that failed; {@code action} names what was being parsed. */
    InvalidReferenceException(String action, String input, String cause) {
        super(Reason.INVALID_REFERENCE, action, quote(input), cause);
    }

    /** Quotes untrusted text for a message: at most 100 characters, with quotes, controls and non-ASCII escaped. */
    static String quote(String input) {
        String text = input == null ? "" : input;
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

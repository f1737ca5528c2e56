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

    /** A reference that failed to parse, with the rule it broke as {@code cause}. */
    public InvalidReferenceException(String input, String cause) {
        this("parse reference", input, cause);
    }

    /** A part (tag, digest, registry, repository) that failed; {@code action} names what was being parsed. */
    InvalidReferenceException(String action, String input, String cause) {
        super(Reason.INVALID_REFERENCE, action, quote(input), cause);
    }
}

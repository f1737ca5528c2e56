package dev.signet.cli;

import dev.signet.Reason;
import dev.signet.SignetException;

/** Command-line input that parsed but makes no sense (exit code 2). */
final class InvalidInputException extends SignetException {
    InvalidInputException(String action, String subject, String cause) {
        super(Reason.INPUT_INVALID, action, subject, cause);
    }
}

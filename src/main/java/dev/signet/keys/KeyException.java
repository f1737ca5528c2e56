package dev.signet.keys;

import dev.signet.Reason;
import dev.signet.SignetException;

/**
 * A key could not be found, opened, parsed or used. Messages name the key (a file name, {@code env://VAR} or
 * {@code namespace/secret}) and never contain key bytes or passwords.
 */
public class KeyException extends SignetException {

    public KeyException(Reason reason, String action, String subject, String cause, String hint, Throwable chained) {
        super(reason, action, subject, cause, hint, chained);
    }

    public KeyException(Reason reason, String action, String subject, String cause) {
        super(reason, action, subject, cause);
    }

    /** The message cosign users know for a failed decryption; secretbox cannot tell a wrong password from damage. */
    static KeyException locked(String keyName) {
        return new KeyException(Reason.KEY_LOCKED, "decrypt key", keyName, "wrong password or corrupted key");
    }

    static KeyException malformed(String action, String keyName, String cause) {
        return new KeyException(Reason.KEY_MALFORMED, action, keyName, cause);
    }

    static KeyException unsupported(String action, String keyName, String cause) {
        return new KeyException(Reason.KEY_UNSUPPORTED, action, keyName, cause);
    }
}

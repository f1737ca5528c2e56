package dev.signet.cli;

import dev.signet.Reason;
import dev.signet.keys.KeyException;
import java.util.Arrays;

/**
 * Key passwords as cosign gets them: {@code COSIGN_PASSWORD} when set, even to the empty string (the empty password
 * is valid), else a prompt on the terminal. Callers clear the returned array.
 */
final class Passwords {
    static final String VARIABLE = "COSIGN_PASSWORD";

    private Passwords() {
    }

    /** The password of an existing key. */
    static char[] forExistingKey(Terminal terminal, String keyName) {
        return terminal.env(VARIABLE).map(String::toCharArray)
                .or(() -> terminal.readSecret("Enter password for private key: "))
                .orElseThrow(() -> noPassword(keyName));
    }

    /** The password for a new key, asked twice on a terminal so a typo cannot lock the key forever. */
    static char[] forNewKey(Terminal terminal, String keyName) {
        if (terminal.env(VARIABLE).isPresent()) {
            return terminal.env(VARIABLE).get().toCharArray();
        }
        char[] first = terminal.readSecret("Enter password for private key: ").orElseThrow(() -> noPassword(keyName));
        char[] second = terminal.readSecret("Enter password for private key again: ").orElseThrow(() -> noPassword(keyName));
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, '\0');
        if (!same) {
            Arrays.fill(first, '\0');
            throw new KeyException(Reason.KEY_LOCKED, "read password for", keyName, "the two passwords differ");
        }
        return first;
    }

    private static KeyException noPassword(String keyName) {
        return new KeyException(Reason.KEY_LOCKED, "read password for", keyName,
                "COSIGN_PASSWORD is not set and there is no terminal to prompt on", "set COSIGN_PASSWORD (it may be empty)", null);
    }
}

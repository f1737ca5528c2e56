package dev.signet.registry;

import dev.signet.Reason;
import dev.signet.SignetException;
import java.util.List;

/**
 * A registry operation failed. Carries the HTTP status (0 when no answer came), the registry's error codes from
 * the distribution-spec error body, and the action, so the message reads
 * {@code <action> <registry/repository...>: <cause>[; <hint>]}. Never contains tokens or credentials.
 */
public class RegistryException extends SignetException {
    private final int status;
    private final List<RegistryErrorCode> codes;

    public RegistryException(Reason reason, String action, String subject, String cause, String hint,
            int status, List<RegistryErrorCode> codes, Throwable chained) {
        super(reason, action, subject, cause, hint, chained);
        this.status = status;
        this.codes = codes == null ? List.of() : List.copyOf(codes);
    }

    /** The HTTP status, or 0 when the registry did not answer. */
    public int status() {
        return status;
    }

    /** The codes from the registry's error body, e.g. MANIFEST_UNKNOWN, DENIED. */
    public List<RegistryErrorCode> codes() {
        return codes;
    }
}

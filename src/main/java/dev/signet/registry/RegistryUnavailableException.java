package dev.signet.registry;

import dev.signet.Reason;
import java.util.List;

/**
 * The registry could not be reached, timed out, answered 5xx or 429 after the retries: transient, so event
 * adapters rethrow it and Knative redelivers.
 */
public class RegistryUnavailableException extends RegistryException {

    public RegistryUnavailableException(Reason reason, String action, String subject, String cause, String hint,
            int status, List<RegistryErrorCode> codes, Throwable chained) {
        super(reason, action, subject, cause, hint, status, codes, chained);
    }
}

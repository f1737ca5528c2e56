package dev.signet.registry;

import dev.signet.Reason;
import java.util.List;

/** The registry refused our credentials (401, REGISTRY_UNAUTHORIZED) or the operation (403, REGISTRY_DENIED). */
public class RegistryAuthException extends RegistryException {

    public RegistryAuthException(Reason reason, String action, String subject, String cause, String hint,
            int status, List<RegistryErrorCode> codes) {
        super(reason, action, subject, cause, hint, status, codes, null);
    }
}

package dev.signet.registry;

import dev.signet.Reason;
import java.util.List;

/** A manifest, blob, tag or repository the registry does not have (404). */
public class ArtifactNotFoundException extends RegistryException {

    public ArtifactNotFoundException(String action, String subject, String cause, List<RegistryErrorCode> codes) {
        super(Reason.REGISTRY_NOT_FOUND, action, subject, cause, null, 404, codes, null);
    }
}

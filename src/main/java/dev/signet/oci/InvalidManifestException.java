package dev.signet.oci;

import dev.signet.Reason;
import dev.signet.SignetException;

/** A manifest or index that is not valid JSON of its spec, or whose bytes do not match their digest. */
public class InvalidManifestException extends SignetException {

    public InvalidManifestException(String action, String subject, String cause) {
        super(Reason.MANIFEST_INVALID, action, subject, cause);
    }
}

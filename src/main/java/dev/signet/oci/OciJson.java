package dev.signet.oci;

import dev.signet.json.Json;
import java.io.IOException;

/**
 * Reads OCI structures (manifests, indexes, descriptors) from JSON bytes with the project's mapper ({@link Json}),
 * turning any failure into an {@link InvalidManifestException} that names the document.
 */
public final class OciJson {

    private OciJson() {
    }

    /** Reads JSON bytes as {@code type}; {@code subject} names the document in the error. Never returns null. */
    public static <T> T read(byte[] json, Class<T> type, String subject) {
        T value;
        try {
            value = Json.mapper().readValue(json, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidManifestException("parse " + type.getSimpleName(), subject, Json.conciseCause(e));
        }
        // Jackson reads the document "null" as a null value, which callers would only meet as a NullPointerException
        if (value == null) {
            throw new InvalidManifestException("parse " + type.getSimpleName(), subject, "document is JSON null, not an object");
        }
        return value;
    }

}

package dev.signet.policy;

import java.util.Objects;

/**
 * A policy object's identity as the API server stored it: {@code metadata.uid} and {@code metadata.resourceVersion},
 * read from an informer's object. These alone may key the verdict cache by uid; the same fields in a policy file are
 * whatever its author wrote, so a file is keyed by its path and content hash instead.
 */
public record StoredVersion(String uid, String resourceVersion) {

    public StoredVersion {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        if (uid.isEmpty() || resourceVersion.isEmpty()) {
            throw new IllegalArgumentException("a stored object has a uid and a resourceVersion");
        }
    }
}

package dev.signet.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a policy is: its kind, namespace (empty for cluster-scoped kinds) and name, and the version of its content
 * ({@code metadata.uid} + {@code resourceVersion} from the API server; a path and a content hash for files).
 * The verdict cache is keyed by {@link #uid()} and {@link #resourceVersion()}, so any edit starts afresh.
 */
public record PolicyId(String kind, Optional<String> namespace, String name, String uid, String resourceVersion) {

    public PolicyId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(resourceVersion, "resourceVersion");
    }

    /** How messages name the policy: {@code name} or {@code namespace/name}. */
    public String displayName() {
        return namespace.map(ns -> ns + "/" + name).orElse(name);
    }

    @Override
    public String toString() {
        return kind + " " + displayName();
    }
}

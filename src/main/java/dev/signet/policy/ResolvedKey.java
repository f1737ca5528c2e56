package dev.signet.policy;

import dev.signet.keys.VerificationKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A key source resolved for one decision: the key, or why it could not be had (that entry is then {@code error}).
 *
 * @param description how messages name the key: {@code key k8s://ns/name} or the entry's inline key by its hint
 */
record ResolvedKey(Optional<VerificationKey> key, String problem, String description) {

    ResolvedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(description, "description");
    }
}

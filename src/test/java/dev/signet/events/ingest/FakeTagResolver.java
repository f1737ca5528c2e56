package dev.signet.events.ingest;

import dev.signet.Reason;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.registry.RegistryAuthException;
import dev.signet.registry.RegistryUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TagResolver} over a fixed table of {@code reference -> descriptor}, recording what it was asked.
 * References listed as unavailable or denied throw what the HTTP registry client would.
 */
class FakeTagResolver implements TagResolver {
    private final Map<String, ResolvedTag> tags = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failures = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    /** {@code reference} (e.g. {@code quay.io/ns/app:latest}) names a manifest of this type and digest. */
    FakeTagResolver tag(String reference, String mediaType, String digest) {
        tags.put(reference, new ResolvedTag(Digest.parse(digest), mediaType));
        return this;
    }

    /** Resolving {@code reference} fails as a registry outage does (transient). */
    FakeTagResolver unavailable(String reference) {
        failures.put(reference, true);
        return this;
    }

    /** Resolving {@code reference} fails as a refused credential does (permanent). */
    FakeTagResolver denied(String reference) {
        failures.put(reference, false);
        return this;
    }

    @Override
    public Optional<ResolvedTag> resolve(ImageReference tagged) {
        String reference = tagged.toString();
        asked.add(reference);
        Boolean transientFailure = failures.get(reference);
        if (Boolean.TRUE.equals(transientFailure)) {
            throw new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, "head manifest", reference,
                    "registry answered 503 Service Unavailable", null, 503, List.of(), null);
        }
        if (Boolean.FALSE.equals(transientFailure)) {
            throw new RegistryAuthException(Reason.REGISTRY_UNAUTHORIZED, "head manifest", reference,
                    "registry answered 401 UNAUTHORIZED", "check the pull secret", 401, List.of());
        }
        return Optional.ofNullable(tags.get(reference));
    }

    /** Every reference resolved so far, in order. */
    List<String> asked() {
        return List.copyOf(asked);
    }
}

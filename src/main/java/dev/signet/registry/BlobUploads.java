package dev.signet.registry;

import dev.signet.reference.Digest;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Uploads a blob in as few requests as the registry allows: a small blob is offered as a single-POST monolithic
 * upload (one request), and a registry that answers it with an upload session instead (distribution 2.8 does) gets
 * the bytes again in the PUT, and from then on the usual empty POST then PUT. What a registry does is remembered for
 * {@link #RECHECK}, as {@link Referrers} remembers a missing referrers API.
 */
final class BlobUploads {
    /** Blobs up to this size are offered monolithically; more would be sent twice to a registry that ignores them. */
    static final int MONOLITHIC_BYTES = 64 * 1024;
    /** How long a registry that declined a monolithic upload gets POST then PUT only, so an upgrade is noticed. */
    static final Duration RECHECK = Duration.ofMinutes(5);

    private final EndpointCaller caller;
    private final LongSupplier nanoTime;
    /** Registries that declined a monolithic upload, with the {@link System#nanoTime()} until which that is believed. */
    private final Map<Registry, Long> withoutMonolithic = new ConcurrentHashMap<>();

    BlobUploads(EndpointCaller caller, LongSupplier nanoTime) {
        this.caller = caller;
        this.nanoTime = nanoTime;
    }

    void put(Repository repository, Digest digest, byte[] content) {
        Registry registry = repository.registry();
        boolean offered = content.length <= MONOLITHIC_BYTES && mayTakeMonolithic(registry);
        Optional<URI> session = caller.call(new BlobUploadStart(repository, digest, offered ? Optional.of(content) : Optional.empty()));
        if (session.isEmpty()) {
            return; // 201: the POST stored it
        }
        if (offered) {
            withoutMonolithic.put(registry, nanoTime.getAsLong() + RECHECK.toNanos());
        }
        caller.call(new BlobUploadPut(repository, digest, session.get(), content));
    }

    private boolean mayTakeMonolithic(Registry registry) {
        Long until = withoutMonolithic.get(registry);
        if (until == null) {
            return true;
        }
        if (nanoTime.getAsLong() - until >= 0) {
            withoutMonolithic.remove(registry, until);
            return true;
        }
        return false;
    }
}

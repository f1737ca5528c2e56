package dev.signet.registry;

import dev.signet.Reason;
import dev.signet.json.Json;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.auth.Scope;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * OCI 1.1 referrers with the spec's fallback for registries without the API ("referrers tag schema"): an image
 * index tagged {@code <alg>-<hex>} of the subject lists its referrers, and writers keep it up to date themselves.
 *
 * <p>The fallback index is read, extended and written back; the registry API has no compare-and-swap, so the tag is
 * re-read (HEAD) right before the PUT and the extension started over, at most {@link #MAX_WRITE_ATTEMPTS} times, if
 * another writer moved it since it was read. A write landing between that HEAD and our PUT can still be lost.
 */
final class Referrers {
    /** A referrers list longer than this many pages is a registry loop, not a real list. */
    static final int MAX_PAGES = 100;
    /** How long a registry that answered the referrers API with 404 is read through the fallback tag only. */
    static final Duration RECHECK_API = Duration.ofMinutes(5);
    /** How often extending the fallback index is started over because another writer moved it in between. */
    static final int MAX_WRITE_ATTEMPTS = 5;

    private final EndpointCaller caller;
    private final LongSupplier nanoTime;
    /**
     * Registries known to lack the API, with the {@link System#nanoTime()} until which that is believed. The
     * distribution spec (v1.1, "Listing Referrers") says a registry that supports the API MUST NOT answer it with
     * 404, so one 404 tells for the whole registry, and asking again on every lookup would only cost a round trip
     * (a fifth of a cold admission verdict's requests against such a registry). Re-checked after
     * {@link #RECHECK_API}, so an upgraded registry is noticed.
     */
    private final Map<Registry, Long> withoutApi = new ConcurrentHashMap<>();

    Referrers(EndpointCaller caller, LongSupplier nanoTime) {
        this.caller = caller;
        this.nanoTime = nanoTime;
    }

    /** The fallback tag for {@code subject}: {@code <alg>-<hex>}, cut to the tag grammar's 128 characters. */
    static Tag fallbackTag(Digest subject) {
        String tag = subject.algorithm().identifier() + "-" + subject.hex();
        return new Tag(tag.length() > Tag.MAX_LENGTH ? tag.substring(0, Tag.MAX_LENGTH) : tag);
    }

    ImageIndex list(Repository repository, Digest subject, String artifactType) {
        ReferrerListing listing = list(repository, subject, artifactType, MAX_PAGES);
        if (!listing.complete()) {
            throw new RegistryException(Reason.REGISTRY_PROTOCOL, "list referrers of", repository + "@" + subject,
                    "the registry answered more than " + MAX_PAGES + " pages", null, 200, List.of(), null);
        }
        return ImageIndex.of(listing.manifests());
    }

    /** The referrers read in at most {@code maxRequests} requests (never more than {@link #MAX_PAGES}). */
    ReferrerListing list(Repository repository, Digest subject, String artifactType, int maxRequests) {
        int allowed = Math.min(maxRequests, MAX_PAGES);
        Listing read = new Listing();
        if (allowed < 1) {
            return read.cut(artifactType);
        }
        if (apiMayExist(repository.registry())) {
            read.requests++;
            Optional<ReferrersGet.Page> page = firstPage(new ReferrersGet(repository, subject, artifactType, Optional.empty()));
            if (page.isPresent()) {
                while (true) {
                    read.add(page.get().manifests(), page.get().bytes());
                    Optional<URI> next = page.get().next();
                    if (next.isEmpty()) {
                        return read.done(artifactType);
                    }
                    if (read.requests >= allowed) {
                        return read.cut(artifactType);
                    }
                    read.requests++;
                    page = caller.call(new ReferrersGet(repository, subject, artifactType, next));
                    if (page.isEmpty()) {
                        return read.done(artifactType);
                    }
                }
            }
            if (read.requests >= allowed) {
                return read.cut(artifactType);
            }
        }
        read.requests++;
        fallbackRaw(repository, subject, Scope.pull(repository))
                .ifPresent(raw -> read.add(raw.asImageIndex().manifests(), raw.bytes().length));
        return read.done(artifactType);
    }

    /** What a listing has read so far. */
    private static final class Listing {
        private final List<Descriptor> manifests = new ArrayList<>();
        private int requests;
        private long bytes;

        void add(List<Descriptor> page, long size) {
            manifests.addAll(page);
            bytes += size;
        }

        ReferrerListing done(String artifactType) {
            return new ReferrerListing(filtered(artifactType), requests, bytes, true);
        }

        ReferrerListing cut(String artifactType) {
            return new ReferrerListing(filtered(artifactType), requests, bytes, false);
        }

        // filtered here too: registries may ignore artifactType, and the fallback index is never filtered
        private List<Descriptor> filtered(String artifactType) {
            return manifests.stream().filter(d -> artifactType == null || artifactType.equals(d.artifactType())).toList();
        }
    }

    void add(Repository repository, Digest subject, Descriptor referrer) {
        if (apiMayExist(repository.registry())
                && firstPage(new ReferrersGet(repository, subject, null, Optional.empty())).isPresent()) {
            // the registry indexes the referrer's subject field itself
            return;
        }
        ImageReference tag = ImageReference.of(repository, fallbackTag(subject));
        for (int attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
            Optional<RawManifest> read = fallbackRaw(repository, subject, Scope.push(repository));
            Optional<ImageIndex> existing = read.map(RawManifest::asImageIndex);
            List<Descriptor> manifests = new ArrayList<>(existing.map(ImageIndex::manifests).orElse(List.of()));
            if (manifests.stream().anyMatch(d -> d.digest().equals(referrer.digest()))) {
                return;
            }
            manifests.add(referrer);
            ImageIndex index = new ImageIndex(2, MediaTypes.OCI_INDEX, null, manifests,
                    existing.map(ImageIndex::annotations).orElse(null), null);
            RawManifest raw = RawManifest.of(Json.write(index), MediaTypes.OCI_INDEX);
            // no compare-and-swap in the registry API: re-read the tag right before replacing it, and start over if
            // another writer moved it since we read it, so their referrers (signatures, SBOMs) are not dropped
            if (currentDigest(tag, repository, subject).equals(read.map(RawManifest::digest))) {
                caller.call(new ManifestPut(tag, raw));
                return;
            }
        }
        throw new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, "add referrer to", tag.toString(),
                "another writer changed the referrers index " + MAX_WRITE_ATTEMPTS + " times while Signet extended it",
                "the push is retried later", 0, List.of(), null);
    }

    /** The digest the fallback tag names now: from a HEAD, or a GET when the HEAD does not announce it. */
    private Optional<Digest> currentDigest(ImageReference tag, Repository repository, Digest subject) {
        Optional<ManifestHead.Answer> head = caller.call(new ManifestHead(tag));
        if (head.isEmpty()) {
            return Optional.empty();
        }
        return head.get().digest().isPresent() ? head.get().digest()
                : fallbackRaw(repository, subject, Scope.push(repository)).map(RawManifest::digest);
    }

    private boolean apiMayExist(Registry registry) {
        Long until = withoutApi.get(registry);
        if (until == null) {
            return true;
        }
        if (nanoTime.getAsLong() - until >= 0) {
            withoutApi.remove(registry, until);
            return true;
        }
        return false;
    }

    /** The first page of the API, remembering for the registry whether it has the API. */
    private Optional<ReferrersGet.Page> firstPage(ReferrersGet request) {
        Registry registry = request.scope().registry();
        Optional<ReferrersGet.Page> page = caller.call(request);
        if (page.isPresent()) {
            withoutApi.remove(registry);
        } else {
            withoutApi.put(registry, nanoTime.getAsLong() + RECHECK_API.toNanos());
        }
        return page;
    }

    private Optional<RawManifest> fallbackRaw(Repository repository, Digest subject, Scope scope) {
        ImageReference tag = ImageReference.of(repository, fallbackTag(subject));
        Optional<RawManifest> raw = caller.call(new ManifestGet(tag, true, scope));
        if (raw.isPresent() && !raw.get().isIndex()) {
            throw new RegistryException(Reason.REGISTRY_PROTOCOL, "read referrers of", repository + "@" + subject,
                    "the referrers tag " + tag + " holds a " + raw.get().mediaType() + ", not an image index",
                    "delete or retag it; the referrers tag schema reserves that tag", 200, List.of(), null);
        }
        return raw;
    }
}

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
 * <p>The fallback index is read, extended and written back without a lock, as the spec allows: two concurrent
 * writers can lose one entry, which the lost writer's next run restores, since adding is idempotent.
 */
final class Referrers {
    /** A referrers list longer than this many pages is a registry loop, not a real list. */
    static final int MAX_PAGES = 100;
    /** How long a registry that answered the referrers API with 404 is read through the fallback tag only. */
    static final Duration RECHECK_API = Duration.ofMinutes(5);

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
        List<Descriptor> all = viaApi(repository, subject, artifactType)
                .orElseGet(() -> fallbackIndex(repository, subject, Scope.pull(repository))
                        .map(ImageIndex::manifests).orElse(List.of()));
        // filter ourselves too: registries may ignore artifactType, and the fallback index is never filtered
        return ImageIndex.of(all.stream()
                .filter(d -> artifactType == null || artifactType.equals(d.artifactType()))
                .toList());
    }

    void add(Repository repository, Digest subject, Descriptor referrer) {
        if (apiMayExist(repository.registry())
                && firstPage(new ReferrersGet(repository, subject, null, Optional.empty())).isPresent()) {
            // the registry indexes the referrer's subject field itself
            return;
        }
        Optional<ImageIndex> existing = fallbackIndex(repository, subject, Scope.push(repository));
        List<Descriptor> manifests = new ArrayList<>(existing.map(ImageIndex::manifests).orElse(List.of()));
        if (manifests.stream().anyMatch(d -> d.digest().equals(referrer.digest()))) {
            return;
        }
        manifests.add(referrer);
        ImageIndex index = new ImageIndex(2, MediaTypes.OCI_INDEX, null, manifests,
                existing.map(ImageIndex::annotations).orElse(null), null);
        RawManifest raw = RawManifest.of(Json.write(index), MediaTypes.OCI_INDEX);
        caller.call(new ManifestPut(ImageReference.of(repository, fallbackTag(subject)), raw));
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

    private Optional<List<Descriptor>> viaApi(Repository repository, Digest subject, String artifactType) {
        if (!apiMayExist(repository.registry())) {
            return Optional.empty();
        }
        Optional<ReferrersGet.Page> page = firstPage(new ReferrersGet(repository, subject, artifactType, Optional.empty()));
        if (page.isEmpty()) {
            return Optional.empty();
        }
        List<Descriptor> all = new ArrayList<>(page.get().manifests());
        for (int pages = 1; page.get().next().isPresent(); pages++) {
            if (pages >= MAX_PAGES) {
                throw new RegistryException(Reason.REGISTRY_PROTOCOL, "list referrers of", repository + "@" + subject,
                        "the registry answered more than " + MAX_PAGES + " pages", null, 200, List.of(), null);
            }
            Optional<URI> next = page.get().next();
            page = caller.call(new ReferrersGet(repository, subject, artifactType, next));
            all.addAll(page.map(ReferrersGet.Page::manifests).orElse(List.of()));
            if (page.isEmpty()) {
                break;
            }
        }
        return Optional.of(all);
    }

    private Optional<ImageIndex> fallbackIndex(Repository repository, Digest subject, Scope scope) {
        ImageReference tag = ImageReference.of(repository, fallbackTag(subject));
        Optional<RawManifest> raw = caller.call(new ManifestGet(tag, true, scope));
        if (raw.isPresent() && !raw.get().isIndex()) {
            throw new RegistryException(Reason.REGISTRY_PROTOCOL, "read referrers of", repository + "@" + subject,
                    "the referrers tag " + tag + " holds a " + raw.get().mediaType() + ", not an image index",
                    "delete or retag it; the referrers tag schema reserves that tag", 200, List.of(), null);
        }
        return raw.map(RawManifest::asImageIndex);
    }
}

package dev.signet.testing;

import dev.signet.Reason;
import dev.signet.oci.Descriptor;
import dev.signet.oci.Digests;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.ArtifactNotFoundException;
import dev.signet.registry.ReferrerListing;
import dev.signet.registry.RegistryClient;
import dev.signet.registry.RegistryException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-memory registry behind our own port, for unit tests of signing and verification. It behaves like an OCI
 * 1.1 registry: referrers are found by scanning manifests' {@code subject}, so {@link #addReferrer} is a no-op (the
 * real distribution 2.8 registry in the ITs covers the fallback-tag path). Calls are counted per operation.
 */
public final class FakeRegistryClient implements RegistryClient {
    private final Map<String, RawManifest> manifests = new ConcurrentHashMap<>();
    // push order, so referrers are listed as a registry appends them
    private final Map<String, Long> pushedAt = new ConcurrentHashMap<>();
    private final AtomicLong pushes = new AtomicLong();
    private volatile int referrerPageSize;
    private final Map<String, String> tags = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private static final String AFTER_READ = "afterRead";

    private final Map<String, Consumer<ImageReference>> hooks = new ConcurrentHashMap<>();
    private final Map<String, List<Descriptor>> staleReferrers = new ConcurrentHashMap<>();

    private static String key(Repository repository, Object digestOrTag) {
        return repository + "|" + digestOrTag;
    }

    private void count(String operation, Repository repository, String request) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        requests.add(new Request(repository, request));
    }

    /**
     * Runs {@code hook} before every call of {@code operation} that names a manifest ({@code headManifest},
     * {@code getManifest}, {@code findManifest}, {@code putManifest}), with the reference asked for: to slow a call,
     * fail it, or act as another writer changing the registry between two calls.
     */
    public void beforeCall(String operation, Consumer<ImageReference> hook) {
        hooks.put(operation, hook);
    }

    /**
     * Runs {@code hook} after {@code getManifest} or {@code findManifest} has read a manifest and before it returns:
     * a writer that changes the registry between a caller's read and its write.
     */
    public void afterRead(Consumer<ImageReference> hook) {
        hooks.put(AFTER_READ, hook);
    }

    private void hook(String operation, ImageReference reference) {
        Consumer<ImageReference> hook = hooks.get(operation);
        if (hook != null) {
            hook.accept(reference);
        }
    }

    /** Lists {@code referrer} among {@code subject}'s referrers whether or not it is stored, as a stale fallback index does. */
    public void addStaleReferrer(Repository repository, Digest subject, Descriptor referrer) {
        staleReferrers.computeIfAbsent(key(repository, subject), k -> new CopyOnWriteArrayList<>()).add(referrer);
    }

    /** One call, as a registry would have seen it: the repository and {@code METHOD kind}. */
    private record Request(Repository repository, String request) {
    }

    /** The calls made for one repository since {@link #resetCalls()}, as {@code METHOD kind} ({@code GET blob}). */
    public List<String> requests(Repository repository) {
        return requests.stream().filter(request -> request.repository().equals(repository)).map(Request::request).toList();
    }

    /** How often an operation (method name) was called. */
    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    public void resetCalls() {
        calls.clear();
        requests.clear();
    }

    /** Stores a manifest under a tag (or only by digest when {@code tag} is null), as a push would. */
    public Digest push(Repository repository, String tag, RawManifest manifest) {
        pushedAt.putIfAbsent(key(repository, manifest.digest()), pushes.incrementAndGet());
        manifests.put(key(repository, manifest.digest()), manifest);
        if (tag != null) {
            tags.put(key(repository, tag), manifest.digest().toString());
        }
        return manifest.digest();
    }

    /** Stores a blob. */
    public void pushBlob(Repository repository, byte[] content) {
        blobs.put(key(repository, Digests.sha256(content)), content.clone());
    }

    /** Pushes a small random image (config + one layer) and returns its manifest. */
    public RawManifest pushRandomImage(Repository repository, String tag) {
        return Images.pushRandom(this, repository, tag);
    }

    private Optional<RawManifest> lookup(ImageReference reference) {
        String digest = reference.digest().map(Digest::toString)
                .orElseGet(() -> tags.get(key(reference.context(), reference.tag().orElseThrow().name())));
        return digest == null ? Optional.empty() : Optional.ofNullable(manifests.get(key(reference.context(), digest)));
    }

    @Override
    public Optional<Descriptor> headManifest(ImageReference reference) {
        hook("headManifest", reference);
        count("headManifest", reference.context(), "HEAD manifest");
        return lookup(reference).map(RawManifest::descriptor);
    }

    @Override
    public RawManifest getManifest(ImageReference reference) {
        hook("getManifest", reference);
        count("getManifest", reference.context(), "GET manifest");
        Optional<RawManifest> found = lookup(reference);
        hook(AFTER_READ, reference);
        return found.orElseThrow(() -> new ArtifactNotFoundException("fetch manifest", reference.toString(), "MANIFEST_UNKNOWN", List.of()));
    }

    @Override
    public Optional<RawManifest> findManifest(ImageReference reference) {
        hook("findManifest", reference);
        count("findManifest", reference.context(), "GET manifest");
        Optional<RawManifest> found = lookup(reference);
        hook(AFTER_READ, reference);
        return found;
    }

    @Override
    public Digest putManifest(ImageReference reference, RawManifest manifest) {
        hook("putManifest", reference);
        count("putManifest", reference.context(), "PUT manifest");
        return push(reference.context(), reference.digest().isPresent() ? null : reference.tag().orElseThrow().name(), manifest);
    }

    @Override
    public byte[] getBlob(Repository repository, Digest digest, long maxBytes) {
        count("getBlob", repository, "GET blob");
        byte[] blob = blobs.get(key(repository, digest));
        if (blob == null) {
            throw new ArtifactNotFoundException("fetch blob", repository + "@" + digest, "BLOB_UNKNOWN", List.of());
        }
        if (blob.length > maxBytes) {
            throw new RegistryException(Reason.REGISTRY_PROTOCOL, "fetch blob", repository + "@" + digest,
                    "blob is larger than " + maxBytes + " bytes", null, 200, List.of(), null);
        }
        return blob.clone();
    }

    @Override
    public boolean blobExists(Repository repository, Digest digest) {
        count("blobExists", repository, "HEAD blob");
        return blobs.containsKey(key(repository, digest));
    }

    @Override
    public void putBlob(Repository repository, Digest digest, byte[] content) {
        count("putBlob", repository, "PUT blob");
        if (!Digests.matches(digest, content)) {
            throw new IllegalArgumentException("blob does not match " + digest);
        }
        blobs.put(key(repository, digest), content.clone());
    }

    @Override
    public List<String> listTags(Repository repository) {
        count("listTags", repository, "GET tags");
        String prefix = repository + "|";
        return tags.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length())).sorted().toList();
    }

    /** Lists referrers {@code size} to a page from now on, as a registry paging its referrers API does. */
    public void pageReferrers(int size) {
        referrerPageSize = size;
    }

    @Override
    public ImageIndex referrers(Repository repository, Digest subject, String artifactType) {
        count("referrers", repository, "GET referrers");
        return ImageIndex.of(allReferrers(repository, subject, artifactType));
    }

    @Override
    public ReferrerListing referrers(Repository repository, Digest subject, String artifactType, int maxRequests) {
        int size = referrerPageSize;
        if (size == 0) {
            return RegistryClient.super.referrers(repository, subject, artifactType, maxRequests);
        }
        List<Descriptor> all = allReferrers(repository, subject, artifactType);
        int pages = Math.max(1, (all.size() + size - 1) / size);
        int read = Math.min(pages, maxRequests);
        for (int page = 0; page < read; page++) {
            count("referrers", repository, "GET referrers");
        }
        return new ReferrerListing(all.subList(0, Math.min(all.size(), read * size)), read, 0, read == pages);
    }

    private List<Descriptor> allReferrers(Repository repository, Digest subject, String artifactType) {
        List<Descriptor> found = new ArrayList<>(staleReferrers.getOrDefault(key(repository, subject), List.of()));
        String prefix = repository + "|";
        List<String> keys = manifests.keySet().stream().filter(k -> k.startsWith(prefix))
                .sorted(Comparator.comparing(k -> pushedAt.getOrDefault(k, 0L))).toList();
        for (String k : keys) {
            RawManifest raw = manifests.get(k);
            if (raw.isIndex()) {
                continue;
            }
            ImageManifest manifest;
            try {
                manifest = raw.asImageManifest();
            } catch (RuntimeException e) {
                continue;
            }
            if (manifest.subject() != null && manifest.subject().digest().equals(subject)
                    && (artifactType == null || artifactType.equals(manifest.artifactType()))) {
                found.add(raw.descriptor().withArtifactType(manifest.artifactType()).withAnnotations(manifest.annotations()));
            }
        }
        return found;
    }

    @Override
    public void addReferrer(Repository repository, Digest subject, Descriptor referrer) {
        count("addReferrer", repository, "PUT referrers");
    }
}

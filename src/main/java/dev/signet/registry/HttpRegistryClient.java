package dev.signet.registry;

import dev.signet.Reason;
import dev.signet.oci.Descriptor;
import dev.signet.oci.Digests;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.AuthTransport;
import dev.signet.registry.auth.Authenticator;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.JdkTransport;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.RedirectTransport;
import dev.signet.registry.transport.RetryTransport;
import dev.signet.registry.transport.Sleeper;
import dev.signet.registry.transport.Transport;
import dev.signet.registry.transport.UserAgentTransport;
import dev.signet.registry.transport.Wires;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@link RegistryClient} over HTTP: OCI distribution with Docker's media types, Basic and bearer-token auth,
 * retries, and the referrers tag schema where the referrers API is missing.
 *
 * <p>Each request passes, outermost first: user agent, retry, redirects, auth for its scope, then the wire. Tests
 * pass their own wire (a {@link dev.signet.registry.transport.RequestLog} over {@link SocketTransport}, or a faulty
 * decorator) and a {@link Sleeper} that does not wait. Safe for concurrent use; one instance per process is meant
 * to be shared, so token and scheme decisions are learned once.
 */
public final class HttpRegistryClient implements RegistryClient {
    /** Tag lists longer than this many pages are a registry loop, not a real list. */
    static final int MAX_TAG_PAGES = 100;
    /** Blobs up to this size are uploaded without asking whether the registry has them. */
    static final int SMALL_BLOB_BYTES = 64 * 1024;

    private final EndpointCaller caller;
    private final Referrers referrers;
    private final BlobUploads uploads;

    /** A client on {@link SocketTransport} (the JDK's client where the JVM has an HTTP proxy: {@link Wires}), with real waiting between retries. */
    public HttpRegistryClient(RegistryOptions options, CredentialProvider credentials) {
        this(options, credentials, Wires.standard(options.requestTimeout()), Sleeper.system());
    }

    /**
     * A client over a given wire.
     *
     * @param wire the innermost transport, usually {@link SocketTransport} or {@link JdkTransport}, possibly wrapped for tests or diagnostics
     * @param sleeper how to wait between retries
     */
    public HttpRegistryClient(RegistryOptions options, CredentialProvider credentials, Transport wire, Sleeper sleeper) {
        this(options, credentials, wire, sleeper, System::nanoTime);
    }

    /** As above, with the clock that ages what the client learnt about registries (tests). */
    HttpRegistryClient(RegistryOptions options, CredentialProvider credentials, Transport wire, Sleeper sleeper, LongSupplier nanoTime) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(sleeper, "sleeper");
        Transport tokens = new UserAgentTransport(new RetryTransport(new RedirectTransport(wire), options.retry(), sleeper),
                options.userAgent());
        Authenticator authenticator = new Authenticator(credentials, tokens, Clock.systemUTC(),
                realm -> allowsPlainHttp(options, realm));
        this.caller = new EndpointCaller(new SchemePolicy(options, new UserAgentTransport(wire, options.userAgent())),
                scope -> new UserAgentTransport(new RetryTransport(new RedirectTransport(
                        new AuthTransport(wire, authenticator, scope)), options.retry(), sleeper), options.userAgent()),
                new RegistryErrors(credentials, options.retry()));
        this.referrers = new Referrers(caller, nanoTime);
        this.uploads = new BlobUploads(caller, nanoTime);
    }

    @Override
    public Optional<Descriptor> headManifest(ImageReference reference) {
        Optional<ManifestHead.Answer> answer = caller.call(new ManifestHead(reference));
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        if (answer.get().isComplete()) {
            ManifestHead.Answer a = answer.get();
            return Optional.of(Descriptor.of(a.mediaType().orElseThrow(), a.digest().orElseThrow(), a.size().getAsLong()));
        }
        // some registries leave Docker-Content-Digest off HEAD answers; the manifest itself is authoritative
        return findManifest(reference).map(RawManifest::descriptor);
    }

    @Override
    public RawManifest getManifest(ImageReference reference) {
        return caller.call(new ManifestGet(reference, false, Scope.pull(reference.repository()))).orElseThrow();
    }

    @Override
    public Optional<RawManifest> findManifest(ImageReference reference) {
        return caller.call(new ManifestGet(reference, true, Scope.pull(reference.repository())));
    }

    @Override
    public Digest putManifest(ImageReference reference, RawManifest manifest) {
        return caller.call(new ManifestPut(reference, manifest));
    }

    @Override
    public byte[] getBlob(Repository repository, Digest digest, long maxBytes) {
        return caller.call(new BlobGet(repository, digest, maxBytes));
    }

    @Override
    public boolean blobExists(Repository repository, Digest digest) {
        return caller.call(new BlobHead(repository, digest, Scope.pull(repository)));
    }

    @Override
    public void putBlob(Repository repository, Digest digest, byte[] content) {
        if (!Digests.matches(digest, content)) {
            throw new IllegalArgumentException("blob content does not hash to " + digest);
        }
        // a HEAD saves an upload only when the blob is big; signatures, bundles and configs are a few hundred bytes,
        // and uploading them again costs less than asking first (the registry keeps one copy either way)
        if (content.length > SMALL_BLOB_BYTES && caller.call(new BlobHead(repository, digest, Scope.push(repository)))) {
            return;
        }
        uploads.put(repository, digest, content);
    }

    @Override
    public List<String> listTags(Repository repository) {
        List<String> tags = new ArrayList<>();
        TagList.Page page = caller.call(new TagList(repository, Optional.empty()));
        tags.addAll(page.tags());
        for (int pages = 1; page.next().isPresent(); pages++) {
            if (pages >= MAX_TAG_PAGES) {
                throw new RegistryException(Reason.REGISTRY_PROTOCOL, "list tags of", repository.toString(),
                        "the registry answered more than " + MAX_TAG_PAGES + " pages", null, 200, List.of(), null);
            }
            page = caller.call(new TagList(repository, page.next()));
            tags.addAll(page.tags());
        }
        return List.copyOf(tags);
    }

    @Override
    public ImageIndex referrers(Repository repository, Digest subject, String artifactType) {
        return referrers.list(repository, subject, artifactType);
    }

    @Override
    public ReferrerListing referrers(Repository repository, Digest subject, String artifactType, int maxRequests) {
        return referrers.list(repository, subject, artifactType, maxRequests);
    }

    @Override
    public void addReferrer(Repository repository, Digest subject, Descriptor referrer) {
        referrers.add(repository, subject, referrer);
    }

    /** Whether a token realm may get credentials over plain http: the same rule as for registries. */
    private static boolean allowsPlainHttp(RegistryOptions options, URI realm) {
        try {
            String authority = new URI(realm.getScheme(), null, realm.getHost(), realm.getPort(), null, null, null).getRawAuthority();
            return options.allowsPlainHttp(Registry.parse(authority));
        } catch (URISyntaxException | InvalidReferenceException e) {
            return false;
        }
    }
}

package dev.signet.registry;

import dev.signet.oci.Digests;
import dev.signet.reference.Digest;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.BoundedBody;
import dev.signet.registry.transport.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * GET a blob, at most {@code maxBytes} of it, and only if the bytes hash to the digest asked for. Registries often
 * redirect blob GETs to storage; the transport follows, and the digest check makes wherever the bytes came from
 * irrelevant.
 */
final class BlobGet implements RegistryEndpoint<byte[]> {
    private final Repository repository;
    private final Digest digest;
    private final long maxBytes;

    BlobGet(Repository repository, Digest digest, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        this.repository = repository;
        this.digest = digest;
        this.maxBytes = maxBytes;
    }

    @Override
    public String action() {
        return "fetch blob";
    }

    @Override
    public String subject() {
        return repository + "@" + digest;
    }

    @Override
    public Scope scope() {
        return Scope.pull(repository);
    }

    @Override
    public HttpRequest request(URI apiRoot) {
        return HttpRequest.newBuilder(BlobHead.uri(apiRoot, repository, digest)).GET().build();
    }

    @Override
    public byte[] handle(Response response) throws IOException {
        if (response.contentLength().orElse(0) > maxBytes) {
            throw RegistryErrors.protocol(this, "the blob is " + response.contentLength().getAsLong()
                    + " bytes, more than the limit of " + maxBytes, response.status());
        }
        byte[] bytes = BoundedBody.read(response, maxBytes);
        if (!Digests.matches(digest, bytes)) {
            throw RegistryErrors.protocol(this, "the registry's bytes hash to " + Digests.sha256(bytes)
                    + ", not to the digest asked for", response.status());
        }
        return bytes;
    }
}

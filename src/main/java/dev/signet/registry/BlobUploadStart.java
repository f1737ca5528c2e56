package dev.signet.registry;

import dev.signet.reference.Digest;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.Response;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * POST that opens a blob upload session (distribution spec, "POST then PUT"); yields the session URL from
 * {@code Location}, which registries send relative or absolute.
 */
final class BlobUploadStart implements RegistryEndpoint<URI> {
    private final Repository repository;
    private final Digest digest;

    BlobUploadStart(Repository repository, Digest digest) {
        this.repository = repository;
        this.digest = digest;
    }

    @Override
    public String action() {
        return "start blob upload";
    }

    @Override
    public String subject() {
        return repository + "@" + digest;
    }

    @Override
    public Scope scope() {
        return Scope.push(repository);
    }

    @Override
    public HttpRequest request(URI apiRoot) {
        return HttpRequest.newBuilder(URI.create(apiRoot + repository.path() + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
    }

    @Override
    public boolean handles(int status) {
        return status == 202;
    }

    @Override
    public URI handle(Response response) {
        String location = response.header("Location").orElseThrow(() ->
                RegistryErrors.protocol(this, "the registry opened an upload without a Location header", 202));
        try {
            return response.uri().resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw RegistryErrors.protocol(this, "the registry sent a malformed upload Location", 202);
        }
    }
}

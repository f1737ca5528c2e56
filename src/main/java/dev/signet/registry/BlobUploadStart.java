package dev.signet.registry;

import dev.signet.reference.Digest;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * POST that opens a blob upload session (distribution spec, "POST then PUT"); yields the session URL from
 * {@code Location}, which registries send relative or absolute. With the content, it is the spec's single-POST
 * monolithic upload ({@code ?digest=} and the bytes): 201 means the blob is stored and no session follows; a registry
 * without it answers 202 with a session, as for an empty POST, and the bytes go again in the PUT.
 */
final class BlobUploadStart implements RegistryEndpoint<Optional<URI>> {
    private final Repository repository;
    private final Digest digest;
    private final Optional<byte[]> content;

    /** @param content the whole blob, to offer a monolithic upload; empty to only open a session */
    BlobUploadStart(Repository repository, Digest digest, Optional<byte[]> content) {
        this.repository = repository;
        this.digest = digest;
        this.content = content;
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
        if (content.isEmpty()) {
            return HttpRequest.newBuilder(URI.create(apiRoot + repository.path() + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
        }
        return HttpRequest.newBuilder(URI.create(apiRoot + repository.path() + "/blobs/uploads/?digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content.get()))
                .build();
    }

    @Override
    public boolean handles(int status) {
        return status == 202 || (status == 201 && content.isPresent());
    }

    @Override
    public Optional<URI> handle(Response response) {
        if (response.status() == 201) {
            return Optional.empty();
        }
        String location = response.header("Location").orElseThrow(() ->
                RegistryErrors.protocol(this, "the registry opened an upload without a Location header", 202));
        try {
            return Optional.of(response.uri().resolve(location.trim()));
        } catch (IllegalArgumentException e) {
            throw RegistryErrors.protocol(this, "the registry sent a malformed upload Location", 202);
        }
    }
}

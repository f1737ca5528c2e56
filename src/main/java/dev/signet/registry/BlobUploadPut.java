package dev.signet.registry;

import dev.signet.reference.Digest;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.Response;
import java.net.URI;
import java.net.http.HttpRequest;

/** PUT that sends a whole blob to an open upload session and closes it with {@code ?digest=}. */
final class BlobUploadPut implements RegistryEndpoint<Void> {
    private final Repository repository;
    private final Digest digest;
    private final URI session;
    private final byte[] content;

    BlobUploadPut(Repository repository, Digest digest, URI session, byte[] content) {
        this.repository = repository;
        this.digest = digest;
        this.session = session;
        this.content = content;
    }

    @Override
    public String action() {
        return "push blob";
    }

    @Override
    public String subject() {
        return repository + "@" + digest;
    }

    @Override
    public Scope scope() {
        return Scope.push(repository);
    }

    /** The session URL already names the registry, so the API root is not needed. */
    @Override
    public HttpRequest request(URI apiRoot) {
        // the session URL carries upload state in its query; keep it and add the digest
        String separator = session.getRawQuery() == null ? "?" : "&";
        return HttpRequest.newBuilder(URI.create(session + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .build();
    }

    @Override
    public boolean handles(int status) {
        return status == 201 || status == 204;
    }

    @Override
    public Void handle(Response response) {
        return null;
    }
}

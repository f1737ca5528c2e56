package dev.signet.registry;

import dev.signet.reference.Digest;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.Response;
import java.net.URI;
import java.net.http.HttpRequest;

/** HEAD on a blob: whether the repository has it, so uploads can be skipped. */
final class BlobHead implements RegistryEndpoint<Boolean> {
    private final Repository repository;
    private final Digest digest;
    private final Scope scope;

    /** @param scope push when checking before an upload, so one token covers both */
    BlobHead(Repository repository, Digest digest, Scope scope) {
        this.repository = repository;
        this.digest = digest;
        this.scope = scope;
    }

    static URI uri(URI apiRoot, Repository repository, Digest digest) {
        return URI.create(apiRoot + repository.path() + "/blobs/" + digest);
    }

    @Override
    public String action() {
        return "check blob";
    }

    @Override
    public String subject() {
        return repository + "@" + digest;
    }

    @Override
    public Scope scope() {
        return scope;
    }

    @Override
    public HttpRequest request(URI apiRoot) {
        return HttpRequest.newBuilder(uri(apiRoot, repository, digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();
    }

    @Override
    public boolean handles(int status) {
        return status == 200 || status == 404;
    }

    @Override
    public Boolean handle(Response response) {
        return response.status() == 200;
    }
}

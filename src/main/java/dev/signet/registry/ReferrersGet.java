package dev.signet.registry;

import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.OciJson;
import dev.signet.reference.Digest;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.BoundedBody;
import dev.signet.registry.transport.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One page of the OCI 1.1 referrers API, {@code GET /v2/<name>/referrers/<digest>[?artifactType=]}. Empty when the
 * registry has no such API: the spec says it answers 404 then (distribution 2.8 does), and an answer that is not an
 * image index is no API either.
 */
final class ReferrersGet implements RegistryEndpoint<Optional<ReferrersGet.Page>> {
    private final Repository repository;
    private final Digest subject;
    private final String artifactType;
    private final Optional<URI> page;

    /** @param artifactType the filter, or null for all referrers */
    ReferrersGet(Repository repository, Digest subject, String artifactType, Optional<URI> page) {
        this.repository = repository;
        this.subject = subject;
        this.artifactType = artifactType;
        this.page = page;
    }

    /**
     * @param manifests the referrer descriptors on this page, unfiltered if the registry ignored the filter
     * @param next the next page, if any
     * @param bytes the size of the page's body
     */
    record Page(List<Descriptor> manifests, Optional<URI> next, long bytes) {
    }

    @Override
    public String action() {
        return "list referrers of";
    }

    @Override
    public String subject() {
        return repository + "@" + subject;
    }

    @Override
    public Scope scope() {
        return Scope.pull(repository);
    }

    @Override
    public HttpRequest request(URI apiRoot) {
        String filter = artifactType == null ? "" : "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8);
        URI uri = page.orElseGet(() -> URI.create(apiRoot + repository.path() + "/referrers/" + subject + filter));
        return HttpRequest.newBuilder(uri).GET().header("Accept", MediaTypes.OCI_INDEX).build();
    }

    @Override
    public boolean handles(int status) {
        return status == 200 || status == 404;
    }

    @Override
    public Optional<Page> handle(Response response) throws IOException {
        if (response.status() == 404 || !response.mediaType().filter(MediaTypes.OCI_INDEX::equals).isPresent()) {
            return Optional.empty();
        }
        byte[] body = BoundedBody.read(response, ManifestGet.MAX_BYTES);
        ImageIndex index = OciJson.read(body, ImageIndex.class, subject());
        return Optional.of(new Page(index.manifests(), LinkHeader.next(this, response), body.length));
    }
}

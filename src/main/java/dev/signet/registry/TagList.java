package dev.signet.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.BoundedBody;
import dev.signet.registry.transport.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One page of {@code GET /v2/<name>/tags/list}; the caller follows {@link Page#next()} for the rest. */
final class TagList implements RegistryEndpoint<TagList.Page> {
    /** Ten thousand long tags fit; a page larger than this is not a tag list. */
    static final int MAX_PAGE_BYTES = 4 * 1024 * 1024;

    private final Repository repository;
    private final Optional<URI> page;

    /** @param page a {@code Link} target from the previous page, or empty for the first */
    TagList(Repository repository, Optional<URI> page) {
        this.repository = repository;
        this.page = page;
    }

    /**
     * @param tags the tags on this page
     * @param next the next page, if the registry paginates
     */
    record Page(List<String> tags, Optional<URI> next) {
    }

    @Override
    public String action() {
        return "list tags of";
    }

    @Override
    public String subject() {
        return repository.toString();
    }

    @Override
    public Scope scope() {
        return Scope.pull(repository);
    }

    @Override
    public HttpRequest request(URI apiRoot) {
        return HttpRequest.newBuilder(page.orElseGet(() -> URI.create(apiRoot + repository.path() + "/tags/list")))
                .GET().header("Accept", "application/json").build();
    }

    @Override
    public Page handle(Response response) throws IOException {
        byte[] body = BoundedBody.read(response.body(), MAX_PAGE_BYTES);
        JsonNode tags;
        try {
            tags = Json.mapper().readTree(body).path("tags");
        } catch (IOException e) {
            throw RegistryErrors.protocol(this, "the registry's tag list is not JSON", response.status());
        }
        List<String> names = new ArrayList<>();
        // distribution answers "tags": null for a repository whose tags were all deleted
        for (JsonNode tag : tags) {
            names.add(tag.asText());
        }
        return new Page(names, LinkHeader.next(this, response));
    }
}

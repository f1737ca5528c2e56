package dev.signet.registry.auth;

import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import java.util.Objects;

/**
 * The access a request needs, in the token-auth scope grammar: {@code repository:<path>:pull} for reads and
 * {@code repository:<path>:pull,push} for writes (pushing needs pull too, to check for existing blobs).
 *
 * @param repository the repository accessed
 * @param push whether the request writes
 */
public record Scope(Repository repository, boolean push) {

    public Scope {
        Objects.requireNonNull(repository, "repository");
    }

    /** Read access. */
    public static Scope pull(Repository repository) {
        return new Scope(repository, false);
    }

    /** Read and write access. */
    public static Scope push(Repository repository) {
        return new Scope(repository, true);
    }

    /** The registry the scope is granted by. */
    public Registry registry() {
        return repository.registry();
    }

    /** The scope string sent to token servers. */
    @Override
    public String toString() {
        return "repository:" + repository.path() + (push ? ":pull,push" : ":pull");
    }
}

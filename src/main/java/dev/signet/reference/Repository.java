package dev.signet.reference;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A repository: a registry and a path such as {@code library/nginx}, without tag or digest.
 *
 * <p>Path grammar per distribution's {@code remoteName}: components of {@code [a-z0-9]+} runs joined by one
 * {@code '.'}, one or two {@code '_'} or any number of {@code '-'}, separated by {@code '/'}, at most 255 characters
 * in all. On Docker Hub a single-component path is an official image and gets {@code library/}, as both Docker and
 * go-containerregistry do.
 *
 * @param registry where the repository lives
 * @param path the repository path, with {@code library/} already added for Docker Hub official images
 */
public record Repository(Registry registry, String path) {
    /** The longest path distribution accepts ({@code RepositoryNameTotalLengthMax}). */
    public static final int MAX_PATH_LENGTH = 255;

    // linear to match: separators and alphanumeric runs never overlap, so there is little to backtrack over
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

    /** Adds {@code library/} on Docker Hub and rejects paths outside the grammar. */
    public Repository {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(path, "path");
        path = withImplicitNamespace(registry, path);
        String problem = pathProblem(path);
        if (problem != null) {
            throw new InvalidReferenceException("parse repository", registry + "/" + path, problem);
        }
    }

    /** A repository from a typed registry and a path. */
    public static Repository of(Registry registry, String path) {
        return new Repository(registry, path);
    }

    /** Parses untrusted text such as {@code nginx}, {@code ghcr.io/org/app} or {@code localhost:5000/app}. */
    public static Repository parse(String text) {
        String name = text == null ? "" : text;
        return fromName(name, "parse repository", name);
    }

    /**
     * Splits {@code [domain/]path} by Docker's rule ({@code splitDockerDomain}): the first component is a registry
     * only if it contains {@code '.'} or {@code ':'}, is {@code localhost} or has upper case. go-containerregistry
     * ignores the last two, so it reads {@code localhost/app} as Docker Hub's {@code localhost/app}; we side with
     * Docker, whose reading is what users mean. Failures name {@code input}, the whole text being parsed.
     */
    static Repository fromName(String name, String action, String input) {
        Registry registry = Registry.DOCKER_HUB;
        String path = name;
        int slash = name.indexOf('/');
        if (slash >= 0 && isDomain(name.substring(0, slash))) {
            String domain = name.substring(0, slash);
            String problem = Registry.problem(domain);
            if (problem != null) {
                throw new InvalidReferenceException(action, input, problem);
            }
            registry = new Registry(domain);
            path = name.substring(slash + 1);
        }
        String problem = pathProblem(withImplicitNamespace(registry, path));
        if (problem != null) {
            throw new InvalidReferenceException(action, input, problem);
        }
        return new Repository(registry, path);
    }

    private static boolean isDomain(String component) {
        return component.indexOf('.') >= 0 || component.indexOf(':') >= 0 || component.equals("localhost")
                || !component.equals(component.toLowerCase(Locale.ROOT));
    }

    private static String withImplicitNamespace(Registry registry, String path) {
        return registry.isDockerHub() && !path.isEmpty() && path.indexOf('/') < 0 ? "library/" + path : path;
    }

    /** Why {@code path} is not a repository path, or null when it is one. */
    private static String pathProblem(String path) {
        if (path.isEmpty()) {
            return "repository path is empty";
        }
        if (path.length() > MAX_PATH_LENGTH) {
            return "repository path is longer than " + MAX_PATH_LENGTH + " characters";
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty()) {
                return "repository path has an empty component";
            }
            // distribution's own wording, which users search for
            if (!component.equals(component.toLowerCase(Locale.ROOT))) {
                return "repository name must be lowercase";
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                return "repository path component " + InvalidReferenceException.quote(component)
                        + " must be lowercase letters or digits separated by '.', '_', '__' or '-'";
            }
        }
        return null;
    }

    /** The full name, {@code registry/path}, e.g. {@code docker.io/library/nginx}. */
    public String name() {
        return registry.name() + "/" + path;
    }

    /**
     * The name cosign writes as {@code critical.identity.docker-reference} in its simple-signing payload:
     * {@code index.docker.io/<path>} for Docker Hub, else the same as {@link #name()}. cosign takes it from
     * go-containerregistry's {@code Repository.Name()}, and ggcr rewrites {@code docker.io} to
     * {@code index.docker.io}; using the same string keeps our payload bytes identical to cosign's.
     */
    public String cosignName() {
        return registry.apiHost() + "/" + path;
    }

    /** The full name, as {@link #name()}. */
    @Override
    public String toString() {
        return name();
    }
}

package dev.signet.events.inbound;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * GitHub's {@code package} and {@code registry_package} webhook events: the same package object under two names
 * ({@code registry_package} is the older event). Only the members Signet reads are mapped; the payload carries many
 * more (repository, owner, labels...), which are ignored.
 *
 * @param action {@code published} for a push; {@code updated} for a metadata change
 * @param packageObject the package of a {@code package} event
 * @param registryPackage the package of a {@code registry_package} event
 * @param sender the account that caused the event
 * @see <a href="https://docs.github.com/en/webhooks/webhook-events-and-payloads#registry_package">registry_package</a>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record GitHubPackageEvent(
        String action,
        @JsonProperty("package") Package packageObject,
        @JsonProperty("registry_package") Package registryPackage,
        Account sender) {

    /** The package of whichever event this is, or null when the body has neither member. */
    public Package pkg() {
        return packageObject != null ? packageObject : registryPackage;
    }

    /**
     * A package.
     *
     * @param name the package name, e.g. {@code hello-world}
     * @param namespace the owner (user or organisation) login, in its own case
     * @param ecosystem {@code CONTAINER} for ghcr.io; {@code docker} for the retired docker.pkg.github.com
     * @param packageType the same vocabulary as {@code ecosystem}, in whichever case GitHub writes it
     * @param packageVersion the version that was published
     * @param registry where the package lives
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Package(
            String name,
            String namespace,
            String ecosystem,
            @JsonProperty("package_type") String packageType,
            @JsonProperty("package_version") PackageVersion packageVersion,
            Registry registry) {
    }

    /**
     * A published version. For a container, {@code name} and {@code version} are the manifest digest.
     *
     * @param createdAt RFC 3339; GitHub's examples show Go's zero time {@code 0001-01-01T00:00:00Z} when unknown
     * @param containerMetadata the tag and manifest of a container version
     * @param packageUrl e.g. {@code ghcr.io/owner/name:tag}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record PackageVersion(
            String name,
            String version,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("container_metadata") ContainerMetadata containerMetadata,
            @JsonProperty("package_url") String packageUrl) {
    }

    /**
     * Container details of a version.
     *
     * @param tag the pushed tag; its name is empty for a push by digest (each platform manifest of a multi-arch push)
     * @param manifest the manifest summary ({@code digest}, {@code media_type}, ...), kept as a tree because GitHub
     *     documents it only loosely
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record ContainerMetadata(Tag tag, JsonNode manifest) {
    }

    /**
     * A tag and the manifest digest it names.
     *
     * @param name the tag, empty when the version was pushed by digest
     * @param digest {@code sha256:<hex>} of the manifest
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Tag(String name, String digest) {
    }

    /**
     * The registry of the package.
     *
     * @param url e.g. {@code https://ghcr.io/<owner>}: its authority is the registry host
     * @param type {@code CONTAINER}, {@code npm}, ...
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Registry(String name, String type, String url, String vendor) {
    }

    /**
     * A GitHub account.
     *
     * @param login the user or bot login
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Account(String login) {
    }
}

package dev.signet.events.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.events.ImagePushedData;
import dev.signet.events.inbound.GitHubPackageEvent;
import dev.signet.reference.Digest;
import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub {@code package} and {@code registry_package} events with action {@code published} for a container
 * package: repository {@code <namespace>/<name>} in lower case (ghcr.io names are case-insensitive, references are
 * not), tag and digest from {@code container_metadata.tag}, host from {@code registry.url}. Other events (ping,
 * updated, npm packages...) yield nothing. The signature ({@code X-Hub-Signature-256}) is checked before this runs.
 */
public final class GitHubParser implements NotificationParser {
    static final String EVENT_HEADER = "X-GitHub-Event";
    static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    private static final Set<String> PACKAGE_EVENTS = Set.of("package", "registry_package");
    // ghcr.io writes CONTAINER; the retired docker.pkg.github.com wrote docker, and GitHub's examples mix both
    private static final Set<String> CONTAINER_TYPES = Set.of("container", "docker");
    private static final String ACTION = "parse github package event";

    private final NotificationJson json;

    public GitHubParser(ObjectMapper mapper) {
        this.json = new NotificationJson(mapper);
    }

    @Override
    public List<ImagePushedData> parse(WebhookDelivery delivery) {
        Optional<String> event = delivery.header(EVENT_HEADER);
        if (event.isPresent() && !PACKAGE_EVENTS.contains(event.get())) {
            return List.of();
        }
        PayloadFields fields = new PayloadFields(ACTION);
        GitHubPackageEvent payload = json.read(json(fields, delivery), GitHubPackageEvent.class, ACTION);
        GitHubPackageEvent.Package pkg = payload.pkg();
        if (pkg == null) {
            throw fields.fail(null, "has neither package nor registry_package; subscribe the webhook to package events");
        }
        if (!"published".equals(payload.action()) || !isContainer(pkg)) {
            return List.of();
        }
        String member = payload.packageObject() != null ? "package" : "registry_package";
        GitHubPackageEvent.PackageVersion version = fields.require(pkg.packageVersion(), member + ".package_version");
        String name = fields.require(pkg.namespace(), member + ".namespace") + "/" + fields.require(pkg.name(), member + ".name");
        Registry registry = fields.registryOfUrl(fields.require(pkg.registry(), member + ".registry").url(), member + ".registry.url");
        Repository repository = fields.repository(registry, name.toLowerCase(Locale.ROOT), member + ".namespace");
        String metadata = member + ".package_version.container_metadata";
        GitHubPackageEvent.ContainerMetadata container = fields.require(version.containerMetadata(), metadata);
        GitHubPackageEvent.Tag tag = fields.require(container.tag(), metadata + ".tag");
        Optional<Tag> pushedTag = fields.optionalTag(tag.name(), metadata + ".tag.name");
        Digest digest = digest(fields, tag, version, metadata + ".tag.digest");
        String id = delivery.header(DELIVERY_HEADER).filter(value -> !value.isBlank()).orElseGet(() -> Pushes.bodyId(delivery.body()));
        String actor = payload.sender() == null ? null : payload.sender().login();
        return List.of(Pushes.of(UpstreamKind.GITHUB, id, repository, pushedTag, digest, mediaType(container.manifest()),
                fields.timestamp(version.createdAt(), member + ".package_version.created_at"), actor));
    }

    private static boolean isContainer(GitHubPackageEvent.Package pkg) {
        return CONTAINER_TYPES.contains(lower(pkg.packageType())) || CONTAINER_TYPES.contains(lower(pkg.ecosystem()));
    }

    /** {@code tag.digest}; when GitHub leaves it empty, the version's name, which for containers is the digest. */
    private static Digest digest(PayloadFields fields, GitHubPackageEvent.Tag tag, GitHubPackageEvent.PackageVersion version, String path) {
        if ((tag.digest() == null || tag.digest().isEmpty()) && version.name() != null && PayloadFields.isDigest(version.name())) {
            return Digest.parse(version.name());
        }
        return fields.digest(tag.digest(), path);
    }

    private static String mediaType(JsonNode manifest) {
        JsonNode type = manifest == null ? null : manifest.get("media_type");
        return type != null && type.isTextual() ? ManifestMediaTypes.manifestOrNull(type.asText()) : null;
    }

    /**
     * The JSON: the body itself, or its {@code payload} field when the webhook is set to
     * {@code application/x-www-form-urlencoded} (GitHub's form option). The HMAC covers the raw body either way.
     */
    private static byte[] json(PayloadFields fields, WebhookDelivery delivery) {
        if (!delivery.mediaType().filter("application/x-www-form-urlencoded"::equals).isPresent()) {
            return delivery.body();
        }
        for (String pair : new String(delivery.body(), StandardCharsets.US_ASCII).split("&")) {
            if (pair.startsWith("payload=")) {
                try {
                    return URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    // URLDecoder's message quotes the raw bytes after the '%'
                    throw fields.fail("payload", "is not URL-encoded: a '%' is not followed by two hex digits");
                }
            }
        }
        throw fields.fail("payload", "is missing from the form-encoded body");
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}

package dev.signet.registry;

import dev.signet.json.Json;
import dev.signet.oci.Digests;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.BoundedBody;
import dev.signet.registry.transport.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * GET a manifest, by digest or tag, checked before anyone reads it: by digest, the bytes must hash to it; by tag,
 * the digest is computed from the bytes, and a {@code Docker-Content-Digest} that disagrees is refused.
 */
final class ManifestGet implements RegistryEndpoint<Optional<RawManifest>> {
    /** The OCI distribution spec's recommended limit: registries should accept at least, and need not serve more. */
    static final int MAX_BYTES = 4 * 1024 * 1024;
    /** Every manifest type we read, sorted so the header is the same on every request. */
    static final String ACCEPT = MediaTypes.MANIFESTS.stream().sorted().collect(Collectors.joining(", "));

    private final ImageReference reference;
    private final boolean absentIsEmpty;
    private final Scope scope;

    /**
     * @param absentIsEmpty whether 404 means "empty" (a signature tag) rather than an error
     * @param scope the access to ask for; push when the manifest is read in order to be rewritten
     */
    ManifestGet(ImageReference reference, boolean absentIsEmpty, Scope scope) {
        this.reference = reference;
        this.absentIsEmpty = absentIsEmpty;
        this.scope = scope;
    }

    static URI uri(URI apiRoot, ImageReference reference) {
        return URI.create(apiRoot + reference.repository().path() + "/manifests/" + reference.identifier());
    }

    @Override
    public String action() {
        return "fetch manifest";
    }

    @Override
    public String subject() {
        return reference.toString();
    }

    @Override
    public Scope scope() {
        return scope;
    }

    @Override
    public HttpRequest request(URI apiRoot) {
        return HttpRequest.newBuilder(uri(apiRoot, reference)).GET().header("Accept", ACCEPT).build();
    }

    @Override
    public boolean handles(int status) {
        return status == 200 || status == 404 && absentIsEmpty;
    }

    @Override
    public Optional<RawManifest> handle(Response response) throws IOException {
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (response.contentLength().orElse(0) > MAX_BYTES) {
            throw RegistryErrors.protocol(this, "the manifest is " + response.contentLength().getAsLong()
                    + " bytes, more than the limit of " + MAX_BYTES, 200);
        }
        byte[] bytes = BoundedBody.read(response, MAX_BYTES);
        String mediaType = mediaType(response, bytes);
        Optional<Digest> announced = ManifestHead.announcedDigest(this, response);
        if (reference.isDigest()) {
            Digest expected = reference.digest().orElseThrow();
            if (!Digests.matches(expected, bytes)) {
                throw RegistryErrors.protocol(this, "the registry's bytes hash to " + Digests.sha256(bytes)
                        + ", not to the digest asked for", 200);
            }
            return Optional.of(RawManifest.verified(bytes, mediaType, expected));
        }
        if (announced.isPresent()) {
            if (!Digests.matches(announced.get(), bytes)) {
                throw RegistryErrors.protocol(this, "the registry announced " + announced.get()
                        + " but its bytes hash to " + Digests.sha256(bytes), 200);
            }
            return Optional.of(RawManifest.verified(bytes, mediaType, announced.get()));
        }
        return Optional.of(RawManifest.of(bytes, mediaType));
    }

    /**
     * The {@code Content-Type} when it names a manifest type, else the document's own {@code mediaType} (some
     * registries answer {@code application/json}), else whatever the header said.
     */
    private String mediaType(Response response, byte[] bytes) {
        Optional<String> header = response.mediaType();
        if (header.isPresent() && MediaTypes.MANIFESTS.contains(header.get())) {
            return header.get();
        }
        try {
            String declared = Json.mapper().readTree(bytes).path("mediaType").asText("");
            if (!declared.isEmpty()) {
                return declared;
            }
        } catch (IOException e) {
            // not JSON: the header, if any, is all we have
        }
        return header.orElseThrow(() -> RegistryErrors.protocol(this,
                "the registry sent a manifest without Content-Type or mediaType", 200));
    }
}

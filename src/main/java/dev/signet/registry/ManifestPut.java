package dev.signet.registry;

import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * PUT a manifest under a tag or its digest. The exact bytes are sent with their media type as
 * {@code Content-Type}; the registry must store them unchanged, so its announced digest has to be ours.
 */
final class ManifestPut implements RegistryEndpoint<Digest> {
    private final ImageReference reference;
    private final RawManifest manifest;

    ManifestPut(ImageReference reference, RawManifest manifest) {
        if (reference.digest().filter(d -> !d.equals(manifest.digest())).isPresent()) {
            throw new IllegalArgumentException("cannot push manifest " + manifest.digest() + " as " + reference);
        }
        this.reference = reference;
        this.manifest = manifest;
    }

    @Override
    public String action() {
        return "push manifest";
    }

    @Override
    public String subject() {
        return reference.toString();
    }

    @Override
    public Scope scope() {
        return Scope.push(reference.repository());
    }

    @Override
    public HttpRequest request(URI apiRoot) {
        return HttpRequest.newBuilder(ManifestGet.uri(apiRoot, reference))
                .header("Content-Type", manifest.mediaType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.bytes()))
                .build();
    }

    @Override
    public Digest handle(Response response) {
        Optional<Digest> announced = ManifestHead.announcedDigest(this, response);
        if (announced.isPresent() && !announced.get().equals(manifest.digest())) {
            throw RegistryErrors.protocol(this, "the registry stored the manifest as " + announced.get()
                    + ", not as " + manifest.digest() + "; it must have changed the bytes", response.status());
        }
        return manifest.digest();
    }
}

package dev.signet.registry;

import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * HEAD on a manifest: resolves a tag to a digest without downloading the manifest, and does not count against
 * Docker Hub's pull rate limit. Empty on 404.
 */
final class ManifestHead implements RegistryEndpoint<Optional<ManifestHead.Answer>> {
    private final ImageReference reference;

    ManifestHead(ImageReference reference) {
        this.reference = reference;
    }

    /**
     * What the headers said; any part may be missing, and then the caller falls back to a GET.
     *
     * @param mediaType the {@code Content-Type}
     * @param size the {@code Content-Length}
     * @param digest the {@code Docker-Content-Digest}, or the digest asked for
     */
    record Answer(Optional<String> mediaType, OptionalLong size, Optional<Digest> digest) {
        boolean isComplete() {
            return mediaType.isPresent() && size.isPresent() && digest.isPresent();
        }
    }

    @Override
    public String action() {
        return "check manifest";
    }

    @Override
    public String subject() {
        return reference.toString();
    }

    @Override
    public Scope scope() {
        return Scope.pull(reference.repository());
    }

    @Override
    public HttpRequest request(URI apiRoot) {
        return HttpRequest.newBuilder(ManifestGet.uri(apiRoot, reference))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", ManifestGet.ACCEPT)
                .build();
    }

    @Override
    public boolean handles(int status) {
        return status == 200 || status == 404;
    }

    @Override
    public Optional<Answer> handle(Response response) {
        if (response.status() == 404) {
            return Optional.empty();
        }
        Optional<Digest> announced = announcedDigest(this, response);
        if (reference.isDigest() && announced.isPresent() && !announced.equals(reference.digest())) {
            throw RegistryErrors.protocol(this, "the registry announced digest " + announced.get() + " for another digest", 200);
        }
        return Optional.of(new Answer(response.mediaType(), response.contentLength(), announced.or(reference::digest)));
    }

    /** The {@code Docker-Content-Digest} header, parsed; a malformed one is a protocol error, not a missing one. */
    static Optional<Digest> announcedDigest(RegistryEndpoint<?> endpoint, Response response) {
        Optional<String> header = response.header("Docker-Content-Digest").map(String::trim);
        try {
            return header.map(Digest::parse);
        } catch (InvalidReferenceException e) {
            throw RegistryErrors.protocol(endpoint, "the registry sent a malformed Docker-Content-Digest header", response.status());
        }
    }
}

package dev.signet.admission;

import dev.signet.Reason;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.RegistryClient;
import dev.signet.registry.RegistryUnavailableException;
import java.util.List;
import java.util.Optional;

/** A registry behind our port that can go down: every call then fails as an unreachable registry does. */
final class OutageRegistry implements RegistryClient {
    private final RegistryClient up;
    private volatile boolean down;

    OutageRegistry(RegistryClient up) {
        this.up = up;
    }

    void down(boolean isDown) {
        this.down = isDown;
    }

    private RegistryClient reachable(Object subject) {
        if (down) {
            throw new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, "reach registry", String.valueOf(subject),
                    "connection refused (the test's outage)", null, 0, List.of(), null);
        }
        return up;
    }

    @Override
    public Optional<Descriptor> headManifest(ImageReference reference) {
        return reachable(reference).headManifest(reference);
    }

    @Override
    public RawManifest getManifest(ImageReference reference) {
        return reachable(reference).getManifest(reference);
    }

    @Override
    public Optional<RawManifest> findManifest(ImageReference reference) {
        return reachable(reference).findManifest(reference);
    }

    @Override
    public Digest putManifest(ImageReference reference, RawManifest manifest) {
        return reachable(reference).putManifest(reference, manifest);
    }

    @Override
    public byte[] getBlob(Repository repository, Digest digest, long maxBytes) {
        return reachable(repository).getBlob(repository, digest, maxBytes);
    }

    @Override
    public boolean blobExists(Repository repository, Digest digest) {
        return reachable(repository).blobExists(repository, digest);
    }

    @Override
    public void putBlob(Repository repository, Digest digest, byte[] content) {
        reachable(repository).putBlob(repository, digest, content);
    }

    @Override
    public List<String> listTags(Repository repository) {
        return reachable(repository).listTags(repository);
    }

    @Override
    public ImageIndex referrers(Repository repository, Digest subject, String artifactType) {
        return reachable(repository).referrers(repository, subject, artifactType);
    }

    @Override
    public void addReferrer(Repository repository, Digest subject, Descriptor referrer) {
        reachable(repository).addReferrer(repository, subject, referrer);
    }
}

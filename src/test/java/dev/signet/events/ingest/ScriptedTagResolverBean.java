package dev.signet.events.ingest;

import dev.signet.oci.MediaTypes;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/** A {@link FakeTagResolver} knowing the tags of the Quay and Docker Hub fixtures; enabled by {@link IngestTestProfile}. */
@Alternative
@Singleton
public class ScriptedTagResolverBean extends FakeTagResolver {
    static final String QUAY_LATEST = "sha256:898fbfa1c922859fb293e689945447f5d12deacc86a9c14178a7b2de63e16df9";
    static final String DOCKER_HUB_LATEST = "sha256:a89e3c342d3e7be9c1c860452dd2f7fa8e0013f27426a6ebdeda9bdf29bb3dba";

    public ScriptedTagResolverBean() {
        tag("quay.io/dgangaia/test:latest", MediaTypes.OCI_MANIFEST, QUAY_LATEST);
        tag("docker.io/svendowideit/testhook:latest", MediaTypes.DOCKER_MANIFEST_LIST, DOCKER_HUB_LATEST);
        unavailable("quay.io/devtable/ubuntu:latest");
    }
}

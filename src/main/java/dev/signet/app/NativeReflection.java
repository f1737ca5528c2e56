package dev.signet.app;

import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.Platform;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers for reflection the records Jackson reads and writes, which a native image would otherwise strip of
 * their constructors and accessors. Lives here because the records' own packages must not know Quarkus.
 */
@RegisterForReflection(targets = {Descriptor.class, ImageManifest.class, ImageIndex.class, Platform.class})
public final class NativeReflection {
    private NativeReflection() {
    }
}

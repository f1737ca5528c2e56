package dev.signet.app;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** {@code signet.keyless.*}: where keyless policy entries' named trusted roots come from. */
@ConfigMapping(prefix = "signet.keyless")
public interface KeylessConfig {

    /**
     * With {@code signet.policies.source=kubernetes}: the namespace of the ConfigMaps a {@code trustedRootRef: NAME}
     * names ({@code NAMESPACE/NAME} names its own); unset, Signet's own namespace (its service account's).
     */
    Optional<String> trustedRootNamespace();
}

package dev.signet.registry.auth;

import dev.signet.reference.Registry;
import java.util.Optional;

/**
 * Where a registry's credentials come from (a docker config, a pull secret, explicit flags). Empty means "try
 * anonymously", which is how public registries are read.
 */
@FunctionalInterface
public interface CredentialProvider {

    /** Credentials for {@code registry}, or empty for anonymous access. */
    Optional<Credentials> forRegistry(Registry registry);

    /** No credentials for any registry. */
    static CredentialProvider anonymous() {
        return registry -> Optional.empty();
    }
}

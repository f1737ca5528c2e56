package dev.signet.registry.auth;

import dev.signet.reference.Registry;
import java.util.List;
import java.util.Optional;

/** Asks providers in order and takes the first answer, e.g. explicit flags before the docker config. */
public final class ChainedCredentialProvider implements CredentialProvider {
    private final List<CredentialProvider> providers;

    public ChainedCredentialProvider(List<CredentialProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** The providers, first one first. */
    public static ChainedCredentialProvider of(CredentialProvider... providers) {
        return new ChainedCredentialProvider(List.of(providers));
    }

    @Override
    public Optional<Credentials> forRegistry(Registry registry) {
        for (CredentialProvider provider : providers) {
            Optional<Credentials> found = provider.forRegistry(registry);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ChainedCredentialProvider" + providers;
    }
}

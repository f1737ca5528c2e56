package dev.signet.registry.auth;

import dev.signet.reference.Registry;
import java.util.Map;
import java.util.Optional;

/** Credentials given explicitly, e.g. by {@code --registry-username}/{@code --registry-password}. */
public final class StaticCredentialProvider implements CredentialProvider {
    private final Map<Registry, Credentials> credentials;

    public StaticCredentialProvider(Map<Registry, Credentials> credentials) {
        this.credentials = Map.copyOf(credentials);
    }

    /** One registry's credentials. */
    public StaticCredentialProvider(Registry registry, Credentials credentials) {
        this(Map.of(registry, credentials));
    }

    /** One registry's credentials. */
    public static StaticCredentialProvider of(Registry registry, Credentials credentials) {
        return new StaticCredentialProvider(registry, credentials);
    }

    @Override
    public Optional<Credentials> forRegistry(Registry registry) {
        return Optional.ofNullable(credentials.get(registry));
    }

    @Override
    public String toString() {
        return "StaticCredentialProvider" + credentials.keySet();
    }
}

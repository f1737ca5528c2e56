package dev.signet.cli;

import dev.signet.reference.Registry;
import dev.signet.reference.Repository;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.ChainedCredentialProvider;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.auth.Credentials;
import dev.signet.registry.auth.DockerConfigCredentialProvider;
import dev.signet.registry.auth.StaticCredentialProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * Registry options shared by every verb that talks to a registry (interfaces.md §2): plain-HTTP hosts, explicit
 * credentials, and the docker config ({@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}).
 */
final class RegistryFlags {
    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "Reach this registry over plain HTTP when HTTPS fails (repeatable). Loopback registries always may.")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--allow-insecure-registry",
            description = "cosign's flag: reach the image's registry over plain HTTP when HTTPS fails (as --insecure-registry for that host).")
    boolean allowInsecureRegistry;

    @Option(names = "--registry-username", paramLabel = "USER", description = "Username for the registry of the image.")
    String username;

    @Option(names = "--registry-password", paramLabel = "PASSWORD", description = "Password for the registry of the image.")
    String password;

    @Option(names = "--signature-repository", paramLabel = "REPOSITORY",
            description = "Keep .sig signatures in this repository instead of the image's (default: $COSIGN_REPOSITORY, as cosign).")
    String signatureRepository;

    /** The alternate repository for {@code .sig} signatures: the flag, else {@code COSIGN_REPOSITORY}, else none. */
    Optional<Repository> signatureRepository(Terminal terminal) {
        return Optional.ofNullable(signatureRepository).or(() -> terminal.env("COSIGN_REPOSITORY")).map(Repository::parse);
    }

    /** The client the verb uses, with credentials from the flags first, then the docker config. */
    RegistryClient client(Terminal terminal, Registry target) {
        Set<Registry> insecure = insecureRegistries.stream().map(Registry::parse).collect(Collectors.toCollection(HashSet::new));
        if (allowInsecureRegistry) {
            insecure.add(target);
        }
        RegistryOptions options = RegistryOptions.defaults().withInsecureRegistries(insecure);
        return new HttpRegistryClient(options, credentials(terminal, target));
    }

    private CredentialProvider credentials(Terminal terminal, Registry target) {
        List<CredentialProvider> chain = new ArrayList<>();
        if (username != null) {
            chain.add(new StaticCredentialProvider(target, Credentials.basic(username, password == null ? "" : password)));
        }
        Path config = terminal.env("DOCKER_CONFIG").map(Path::of)
                .orElseGet(() -> terminal.env("HOME").map(home -> Path.of(home, ".docker")).orElse(Path.of(".docker")))
                .resolve("config.json");
        if (Files.isRegularFile(config)) {
            chain.add(DockerConfigCredentialProvider.fromFile(config));
        }
        return new ChainedCredentialProvider(chain);
    }
}

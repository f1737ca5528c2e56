package dev.signet.registry.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Reason;
import dev.signet.json.Json;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.reference.Registry;
import dev.signet.registry.RegistryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a docker {@code config.json}, or the same document as a Kubernetes
 * {@code kubernetes.io/dockerconfigjson} pull secret: {@code {"auths": {"<key>": {"auth": base64(user:password)}}}},
 * where an entry may instead carry {@code username}/{@code password} fields or an {@code identitytoken}.
 *
 * <p>Keys are hosts or URLs, matched as the docker CLI does ({@code ConvertToHostname}): scheme and path are dropped,
 * so {@code https://index.docker.io/v1/} is Docker Hub, like {@code docker.io} and {@code registry-1.docker.io}. When
 * several keys name one registry, a key spelled exactly as the registry (or Docker Hub's legacy
 * {@code https://index.docker.io/v1/}) wins, then the first in the document. Credential helpers and
 * {@code credsStore} would run programs, so they are not consulted: such registries are read anonymously.
 *
 * <p>The caller decides where the document lives ({@code $DOCKER_CONFIG}, {@code ~/.docker}, a Secret); nothing
 * here reads the environment.
 */
public final class DockerConfigCredentialProvider implements CredentialProvider {
    private static final String ACTION = "parse docker config";
    private static final String DOCKER_HUB_LEGACY_KEY = "https://index.docker.io/v1/";

    private final String source;
    private final Map<String, Credentials> byRegistry;

    private DockerConfigCredentialProvider(String source, Map<String, Credentials> byRegistry) {
        this.source = source;
        this.byRegistry = Map.copyOf(byRegistry);
    }

    /**
     * Parses a config document; {@code source} names it in errors (a path or {@code namespace/secret}).
     *
     * @throws RegistryException with reason {@code INPUT_INVALID} when the document or an entry is malformed
     */
    public static DockerConfigCredentialProvider parse(String json, String source) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending token, which may be a secret: give only the position
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw invalid(source, "not valid JSON" + at, null);
        }
        if (root == null || !root.isObject()) {
            throw invalid(source, "the document is not a JSON object", null);
        }
        JsonNode auths = root.path("auths");
        if (!auths.isMissingNode() && !auths.isObject()) {
            throw invalid(source, "\"auths\" is not an object", null);
        }
        Map<String, Credentials> found = new HashMap<>();
        Map<String, Boolean> exact = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Optional<Registry> registry = registryOf(entry.getKey());
            Optional<Credentials> credentials = credentialsOf(entry.getKey(), entry.getValue(), source);
            if (registry.isEmpty() || credentials.isEmpty()) {
                continue;
            }
            String name = key(registry.get());
            boolean isExact = entry.getKey().equalsIgnoreCase(registry.get().name()) || entry.getKey().equals(DOCKER_HUB_LEGACY_KEY);
            if (!found.containsKey(name) || isExact && !exact.get(name)) {
                found.put(name, credentials.get());
                exact.put(name, isExact);
            }
        }
        return new DockerConfigCredentialProvider(source, found);
    }

    /** Reads and parses a config file. */
    public static DockerConfigCredentialProvider fromFile(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw invalid(file.toString(), "cannot read the file (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * {@code config.json} in a docker config directory (what {@code $DOCKER_CONFIG} or {@code ~/.docker} names); no
     * file means no credentials, as for the docker CLI.
     */
    public static DockerConfigCredentialProvider fromDirectory(Path directory) {
        Path file = directory.resolve("config.json");
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            return new DockerConfigCredentialProvider(file.toString(), Map.of());
        } catch (IOException e) {
            throw invalid(file.toString(), "cannot read the file (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public Optional<Credentials> forRegistry(Registry registry) {
        return Optional.ofNullable(byRegistry.get(key(registry)));
    }

    /** The registries this document has credentials for, without the credentials. */
    @Override
    public String toString() {
        return "DockerConfigCredentialProvider[" + source + ", registries=" + byRegistry.keySet().stream().sorted().toList() + "]";
    }

    private static String key(Registry registry) {
        return registry.name().toLowerCase(Locale.ROOT);
    }

    /** The docker CLI's {@code ConvertToHostname}: drop {@code http(s)://} and everything from the first '/'. */
    private static Optional<Registry> registryOf(String key) {
        String host = key;
        for (String scheme : List.of("http://", "https://")) {
            if (host.regionMatches(true, 0, scheme, 0, scheme.length())) {
                host = host.substring(scheme.length());
            }
        }
        int slash = host.indexOf('/');
        host = slash < 0 ? host : host.substring(0, slash);
        try {
            return Optional.of(Registry.parse(host));
        } catch (InvalidReferenceException e) {
            // a key no registry could have; docker keeps it, but nothing we contact can match it
            return Optional.empty();
        }
    }

    private static Optional<Credentials> credentialsOf(String key, JsonNode entry, String source) {
        if (!entry.isObject()) {
            throw invalid(source, "entry " + key + " is not an object", null);
        }
        String username = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        String auth = entry.path("auth").asText("").trim();
        if (!auth.isEmpty()) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid(source, "entry " + key + " has an \"auth\" field that is not base64", null);
            }
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw invalid(source, "entry " + key + " has an \"auth\" field that is not base64 of user:password", null);
            }
            username = pair.substring(0, colon);
            password = pair.substring(colon + 1);
        }
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(Credentials.identityToken(username, identityToken));
        }
        if (username.isEmpty()) {
            // credsStore users have empty entries: nothing for us here
            return Optional.empty();
        }
        try {
            return Optional.of(Credentials.basic(username, password));
        } catch (IllegalArgumentException e) {
            throw invalid(source, "entry " + key + ": " + e.getMessage(), null);
        }
    }

    private static RegistryException invalid(String source, String cause, Throwable chained) {
        return new RegistryException(Reason.INPUT_INVALID, ACTION, source, cause,
                "expected {\"auths\":{\"<registry>\":{\"auth\":\"<base64 user:password>\"}}}", 0, List.of(), chained);
    }
}

package dev.signet.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.kube.SecretRef;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Secrets the manifests make Signet read, taken from the configuration they deploy: the signing keys of the
 * signing rules ({@code SIGNET_SIGNING_RULES_N__KEY}), the pull Secrets ({@code SIGNET_REGISTRY_PULL_SECRETS}), and
 * the keys the example policies name ({@code keys.secret}, {@code keys.publicKeys: k8s://...}).
 */
final class NamedSecrets {
    private static final Pattern SIGNING_KEY = Pattern.compile("SIGNET_SIGNING_RULES_\\d+__KEY");

    private NamedSecrets() {
    }

    /** cosign key references ({@code k8s://NAMESPACE/NAME}) of the signing rules of every container. */
    static Set<String> signingKeyRefs(Manifests deployed) {
        return signingKeyRefs(env(deployed));
    }

    /** cosign key references of the signing rules of one workload's containers. */
    static Set<String> signingKeyRefs(Manifest workload) {
        return signingKeyRefs(env(workload));
    }

    /** {@code namespace/name} of every pull Secret one workload's containers are configured with. */
    static Set<SecretRef> pullSecrets(Manifest workload) {
        return pullSecrets(env(workload));
    }

    private static Set<String> signingKeyRefs(Stream<JsonNode> env) {
        Set<String> refs = new TreeSet<>();
        env.filter(e -> SIGNING_KEY.matcher(e.path("name").asText()).matches())
                .map(e -> e.path("value").asText())
                .filter(SecretRef::isKeyRef)
                .forEach(refs::add);
        return refs;
    }

    /** {@code namespace/name} of every pull Secret a container is configured with. */
    static Set<SecretRef> pullSecrets(Manifests deployed) {
        return pullSecrets(env(deployed));
    }

    private static Set<SecretRef> pullSecrets(Stream<JsonNode> env) {
        Set<SecretRef> refs = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        env.filter(e -> e.path("name").asText().equals("SIGNET_REGISTRY_PULL_SECRETS"))
                .flatMap(e -> Stream.of(e.path("value").asText().split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(SecretRef::parse)
                .forEach(refs::add);
        return refs;
    }

    /** Key references of the Secrets the policies name, at any depth of nested attestor sets. */
    static Set<String> policyKeyRefs(Manifests policies) {
        Set<String> refs = new TreeSet<>();
        Stream.of("SignetClusterImagePolicy", "SignetImagePolicy", "ClusterImagePolicy", "ImagePolicy").flatMap(kind -> policies.ofKind("signet.dev", kind))
                .flatMap(policy -> policy.at("/spec").findValues("keys").stream())
                .forEach(keys -> {
                    JsonNode secret = keys.path("secret");
                    if (secret.isObject()) {
                        refs.add(new SecretRef(secret.path("namespace").asText(), secret.path("name").asText()).keyRef());
                    }
                    String publicKeys = keys.path("publicKeys").asText("").trim();
                    if (SecretRef.isKeyRef(publicKeys)) {
                        refs.add(publicKeys);
                    }
                });
        return refs;
    }

    private static Stream<JsonNode> env(Manifests deployed) {
        return Stream.concat(deployed.ofKind("apps", "Deployment"), deployed.ofKind("serving.knative.dev", "Service")).flatMap(NamedSecrets::env);
    }

    private static Stream<JsonNode> env(Manifest workload) {
        return workload.containers().stream()
                .flatMap(c -> {
                    Stream.Builder<JsonNode> env = Stream.builder();
                    c.path("env").forEach(env::add);
                    return env.build();
                });
    }
}

package dev.signet.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The RBAC objects of the manifests, evaluated as the API server's RBAC authoriser does
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/): a Role or ClusterRole bound by a RoleBinding
 * grants within that binding's namespace; a ClusterRole bound by a ClusterRoleBinding grants everywhere.
 */
final class Rbac {
    private static final String GROUP = "rbac.authorization.k8s.io";

    private final Manifests manifests;

    Rbac(Manifests manifests) {
        this.manifests = manifests;
    }

    /** One PolicyRule; empty {@code resourceNames} means every name. */
    record Rule(Set<String> apiGroups, Set<String> resources, Set<String> verbs, Set<String> resourceNames, Set<String> nonResourceUrls) {

        static Rule of(JsonNode rule) {
            return new Rule(texts(rule.path("apiGroups")), texts(rule.path("resources")), texts(rule.path("verbs")),
                    texts(rule.path("resourceNames")), texts(rule.path("nonResourceURLs")));
        }

        boolean allows(ApiAccess access) {
            return matches(apiGroups, access.group()) && matches(resources, access.resource()) && matches(verbs, access.verb())
                    && (resourceNames.isEmpty() || access.name() != null && resourceNames.contains(access.name()));
        }

        private static boolean matches(Set<String> allowed, String value) {
            return allowed.contains(value) || allowed.contains("*");
        }
    }

    /**
     * A rule in force for a subject.
     *
     * @param origin the role and binding, for messages
     * @param namespace where it applies; null for everywhere (ClusterRoleBinding)
     */
    record Grant(String origin, String namespace, Rule rule) {
        boolean allows(ApiAccess access) {
            return (namespace == null || namespace.equals(access.namespace())) && rule.allows(access);
        }

        @Override
        public String toString() {
            return origin + (namespace == null ? " (cluster-wide)" : " (in " + namespace + ")") + ": " + rule;
        }
    }

    /** Every Role and ClusterRole of the manifests. */
    List<Manifest> roles() {
        return manifests.all().stream()
                .filter(m -> Manifests.group(m.apiVersion()).equals(GROUP) && (m.kind().equals("Role") || m.kind().equals("ClusterRole")))
                .toList();
    }

    /** Every RoleBinding and ClusterRoleBinding of the manifests. */
    List<Manifest> bindings() {
        return manifests.all().stream()
                .filter(m -> Manifests.group(m.apiVersion()).equals(GROUP) && (m.kind().equals("RoleBinding") || m.kind().equals("ClusterRoleBinding")))
                .toList();
    }

    /** What the bindings of the manifests grant to ServiceAccount {@code namespace/name}. */
    List<Grant> grantedTo(String namespace, String name) {
        List<Grant> grants = new ArrayList<>();
        for (Manifest binding : bindings()) {
            boolean bound = false;
            for (JsonNode subject : binding.at("/subjects")) {
                bound |= subject.path("kind").asText().equals("ServiceAccount") && subject.path("name").asText().equals(name)
                        && subject.path("namespace").asText().equals(namespace);
            }
            if (bound) {
                String scope = binding.kind().equals("RoleBinding") ? binding.namespace().orElseThrow() : null;
                grants.addAll(grants(binding.at("/roleRef/kind").asText(), binding.at("/roleRef/name").asText(), scope, binding.toString()));
            }
        }
        return grants;
    }

    /** What Role {@code namespace/role} grants once someone binds it (in its own namespace, the only place it can be). */
    List<Grant> ofRoleOnceBound(String namespace, String role) {
        List<Grant> grants = grants("Role", role, namespace, "a RoleBinding to be made");
        if (grants.isEmpty()) {
            throw new AssertionError("no Role " + namespace + "/" + role + " in the manifests, or it has no rules");
        }
        return grants;
    }

    private List<Grant> grants(String kind, String name, String scope, String via) {
        List<Grant> grants = new ArrayList<>();
        for (Manifest role : roles()) {
            if (role.kind().equals(kind) && role.name().equals(name)
                    && (kind.equals("ClusterRole") || scope != null && role.namespace().orElse("").equals(scope))) {
                for (JsonNode rule : role.at("/rules")) {
                    grants.add(new Grant(kind + " " + name + " via " + via, scope, Rule.of(rule)));
                }
            }
        }
        return grants;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}

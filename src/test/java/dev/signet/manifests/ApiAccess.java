package dev.signet.manifests;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What RBAC authorises for one API request: verb, API group, resource (with {@code /subresource}), namespace and
 * name, derived from the HTTP method and URL as the API server's request-info resolver derives them
 * (https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb): GET of a named
 * object is {@code get}, of a collection {@code list}, with {@code watch=true} {@code watch}; a list or watch with
 * {@code fieldSelector=metadata.name=NAME} is authorised as a request for NAME
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources).
 *
 * @param verb get, list, watch, create, update, patch, delete or deletecollection
 * @param group the API group, {@code ""} for the core group
 * @param resource the plural resource, {@code pods/status} for a subresource
 * @param namespace the namespace, null for cluster-scoped requests (and lists across all namespaces)
 * @param name the object's name, null when the request names none
 */
record ApiAccess(String verb, String group, String resource, String namespace, String name) {
    /** Namespace subresources, which the API server does not read as a resource inside the namespace. */
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    /**
     * The access a request asks for, or empty for non-resource URLs ({@code /version}, {@code /api},
     * {@code /apis/GROUP/VERSION}: discovery, see {@link #isDiscovery}).
     *
     * @param target the request target: path and optional query
     */
    static Optional<ApiAccess> of(String method, String target) {
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        Map<String, String> query = query(question < 0 ? "" : target.substring(question + 1));
        List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
        String group;
        List<String> rest;
        if (parts.size() >= 3 && parts.get(0).equals("api")) {
            group = "";
            rest = parts.subList(2, parts.size());
        } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            rest = parts.subList(3, parts.size());
        } else {
            return Optional.empty();
        }
        String namespace = null;
        if (rest.get(0).equals("namespaces") && rest.size() > 1) {
            namespace = rest.get(1);
            if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                rest = rest.subList(2, rest.size());
            }
        }
        String resource = rest.get(0) + (rest.size() > 2 ? "/" + rest.get(2) : "");
        String name = rest.size() > 1 ? rest.get(1) : null;
        String verb = verb(method, name != null, "true".equals(query.get("watch")) || "1".equals(query.get("watch")));
        if (name == null && (verb.equals("list") || verb.equals("watch") || verb.equals("deletecollection"))) {
            name = fieldSelectorName(query.get("fieldSelector")).orElse(null);
        }
        return Optional.of(new ApiAccess(verb, group, resource, namespace, name));
    }

    /**
     * Whether a non-resource URL is discovery or version information, which the default ClusterRoles
     * {@code system:discovery} and {@code system:public-info-viewer} grant to every authenticated user.
     */
    static boolean isDiscovery(String method, String target) {
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        return method.equals("GET") && (path.equals("/api") || path.matches("/api/v1/?") || path.equals("/apis")
                || path.matches("/apis/[^/]+(/[^/]+)?/?") || path.equals("/version") || path.startsWith("/openapi/"));
    }

    private static String verb(String method, boolean named, boolean watch) {
        return switch (method) {
            case "GET", "HEAD" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("map request to RBAC verb: unknown method " + method);
        };
    }

    private static Optional<String> fieldSelectorName(String selector) {
        if (selector == null) {
            return Optional.empty();
        }
        for (String term : selector.split(",")) {
            String trimmed = term.trim();
            for (String prefix : List.of("metadata.name==", "metadata.name=")) {
                if (trimmed.startsWith(prefix)) {
                    return Optional.of(trimmed.substring(prefix.length()));
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> query(String query) {
        Map<String, String> values = new HashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                values.put(key, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /** {@code list secrets (core) in signet-system named signet-key}: for failure messages. */
    @Override
    public String toString() {
        return verb + " " + resource + " (" + (group.isEmpty() ? "core" : group) + ")"
                + (namespace == null ? " cluster-wide" : " in " + namespace) + (name == null ? "" : " named " + name);
    }
}

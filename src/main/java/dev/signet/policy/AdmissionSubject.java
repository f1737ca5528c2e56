package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What policies are selected by: the object's kind, its namespace and that namespace's labels (for
 * {@code namespaceSelector}), and what the AdmissionReview says besides: the object's own metadata, the operation and
 * who asks. Every part past the namespace may be unknown (offline in {@code policy test}, the CI gate, an event from an
 * older adapter); a Kyverno {@code match}/{@code exclude} field that needs an unknown part is not evaluated
 * ({@link Truth#UNKNOWN}), never read as empty.
 *
 * @param namespaceLabelsKnown false when the labels could not be looked up (a namespace the informer has not seen yet)
 * @param object the object's {@code apiVersion} and metadata
 * @param operation {@code CREATE}, {@code UPDATE}, {@code DELETE} or {@code CONNECT}, as the AdmissionReview says
 * @param user the AdmissionReview's {@code request.userInfo}
 */
public record AdmissionSubject(
        String kind,
        String namespace,
        Map<String, String> namespaceLabels,
        boolean namespaceLabelsKnown,
        Optional<ObjectMeta> object,
        Optional<String> operation,
        Optional<UserInfo> user) {

    public AdmissionSubject {
        Objects.requireNonNull(kind, "kind");
        namespace = namespace == null ? "" : namespace;
        namespaceLabels = Map.copyOf(namespaceLabels);
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(user, "user");
    }

    /** A subject known only by kind, namespace and namespace labels: the request's other facts are unknown. */
    public AdmissionSubject(String kind, String namespace, Map<String, String> namespaceLabels) {
        this(kind, namespace, namespaceLabels, true, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The object's group/version and metadata, as Kyverno's {@code resources} filters read them. */
    public record ObjectMeta(String apiVersion, String name, Map<String, String> labels, Map<String, String> annotations) {
        public ObjectMeta {
            Objects.requireNonNull(apiVersion, "apiVersion");
            Objects.requireNonNull(name, "name");
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
        }

        /**
         * Reads an object as the API server sent it; the name falls back to {@code generateName}, as in Kyverno (a
         * pod of a ReplicaSet has no name at admission). Values that are not strings are left out.
         */
        public static Optional<ObjectMeta> of(JsonNode object) {
            if (object == null || !object.isObject()) {
                return Optional.empty();
            }
            JsonNode metadata = object.path("metadata");
            String name = metadata.path("name").asText("");
            if (name.isEmpty()) {
                name = metadata.path("generateName").asText("");
            }
            return Optional.of(new ObjectMeta(object.path("apiVersion").asText(""), name, strings(metadata.path("labels")),
                    strings(metadata.path("annotations"))));
        }
    }

    /** {@code request.userInfo}: the user name and groups the API server authenticated. */
    public record UserInfo(String username, List<String> groups) {
        public UserInfo {
            Objects.requireNonNull(username, "username");
            groups = List.copyOf(groups);
        }

        /** Reads {@code request.userInfo}; empty when it is absent or not an object. */
        public static Optional<UserInfo> of(JsonNode userInfo) {
            if (userInfo == null || !userInfo.isObject()) {
                return Optional.empty();
            }
            List<String> groups = new ArrayList<>();
            userInfo.path("groups").forEach(group -> {
                if (group.isTextual()) {
                    groups.add(group.textValue());
                }
            });
            return Optional.of(new UserInfo(userInfo.path("username").asText(""), groups));
        }
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (map.isObject()) {
            map.properties().forEach(entry -> {
                if (entry.getValue().isTextual()) {
                    strings.put(entry.getKey(), entry.getValue().textValue());
                }
            });
        }
        return strings;
    }
}

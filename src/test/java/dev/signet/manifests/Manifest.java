package dev.signet.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One YAML document of a manifest file, as Kubernetes would read it.
 *
 * @param file the file, relative to the project root
 * @param index the document's position in the file, from 0
 * @param body the document
 */
record Manifest(Path file, int index, JsonNode body) {

    String apiVersion() {
        return body.path("apiVersion").asText();
    }

    String kind() {
        return body.path("kind").asText();
    }

    String name() {
        return body.path("metadata").path("name").asText();
    }

    /** The metadata namespace, or empty for cluster-scoped objects and objects that leave it to kustomize. */
    Optional<String> namespace() {
        JsonNode namespace = body.path("metadata").path("namespace");
        return namespace.isTextual() ? Optional.of(namespace.asText()) : Optional.empty();
    }

    /** {@code body.at(pointer)}: a missing node when absent, never null. */
    JsonNode at(String pointer) {
        return body.at(pointer);
    }

    /** The pod template's containers of a Deployment or a Knative Service (both keep them at the same place). */
    List<JsonNode> containers() {
        List<JsonNode> containers = new ArrayList<>();
        body.at("/spec/template/spec/containers").forEach(containers::add);
        return containers;
    }

    /** For failure messages: {@code k8s/rbac.yaml#2 (ClusterRole signet)}. */
    @Override
    public String toString() {
        return file + "#" + index + " (" + kind() + " " + name() + ")";
    }
}

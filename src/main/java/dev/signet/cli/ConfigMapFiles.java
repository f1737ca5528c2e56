package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.policy.KyvernoContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ConfigMaps given to {@code policy test} as documents of its files (policy files or manifests, as Kyverno's own
 * tests keep them beside the policy): what a rule's {@code configMap} context reads offline. A ConfigMap without
 * {@code metadata.namespace} is in {@code --namespace}; the last of a name wins, as {@code kubectl apply} of both would.
 */
final class ConfigMapFiles implements KyvernoContext.ConfigMaps {
    private final Map<String, Map<String, String>> byName = new HashMap<>();

    ConfigMapFiles(List<JsonNode> documents, String defaultNamespace) {
        for (JsonNode document : documents) {
            if (!"ConfigMap".equals(document.path("kind").asText()) || !"v1".equals(document.path("apiVersion").asText())) {
                continue;
            }
            String name = document.path("metadata").path("name").asText("");
            String namespace = document.path("metadata").path("namespace").asText(defaultNamespace);
            Map<String, String> data = new LinkedHashMap<>();
            document.path("data").fields().forEachRemaining(field -> {
                if (field.getValue().isTextual()) {
                    data.put(field.getKey(), field.getValue().textValue());
                }
            });
            byName.put(namespace + "/" + name, data);
        }
    }

    @Override
    public Optional<Map<String, String>> data(String namespace, String name) {
        return Optional.ofNullable(byName.get(namespace + "/" + name));
    }
}

package dev.signet.policy;

import java.util.Map;
import java.util.Objects;

/**
 * What policies are selected by: the object's kind, its namespace and that namespace's labels (for
 * {@code namespaceSelector}; empty when the labels are not known, e.g. offline in {@code policy test}).
 */
public record AdmissionSubject(String kind, String namespace, Map<String, String> namespaceLabels) {

    public AdmissionSubject {
        Objects.requireNonNull(kind, "kind");
        namespace = namespace == null ? "" : namespace;
        namespaceLabels = Map.copyOf(namespaceLabels);
    }
}

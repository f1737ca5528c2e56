package dev.signet.policy;

import java.util.Map;

/** The labels of a namespace, for {@code namespaceSelector}: an informer's cache in a cluster, nothing offline. */
@FunctionalInterface
public interface NamespaceLabels {

    /** The namespace's labels, or an empty map when it is unknown. */
    Map<String, String> of(String namespace);

    /** No labels known: {@code namespaceSelector} clauses match only selectors that require nothing. */
    static NamespaceLabels none() {
        return namespace -> Map.of();
    }
}

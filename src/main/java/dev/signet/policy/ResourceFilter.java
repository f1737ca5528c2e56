package dev.signet.policy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code match}/{@code exclude} clause: kinds, namespace globs and a namespace label selector; an absent part
 * matches everything. A kind {@code Pod} also matches the pod-owning workloads, as Kyverno's auto-generated rules
 * do, so a policy written for pods refuses a bad Deployment when it is applied.
 */
public record ResourceFilter(Set<String> kinds, List<Pattern> namespaces, Optional<LabelSelector> namespaceSelector) {

    public ResourceFilter {
        kinds = Set.copyOf(kinds);
        namespaces = List.copyOf(namespaces);
    }

    /** A clause that matches every resource. */
    public static ResourceFilter everything() {
        return new ResourceFilter(Set.of(), List.of(), Optional.empty());
    }

    boolean matches(AdmissionSubject subject) {
        return matchesKind(subject.kind()) && matchesNamespace(subject.namespace())
                && namespaceSelector.map(selector -> selector.matches(subject.namespaceLabels())).orElse(true);
    }

    private boolean matchesKind(String kind) {
        if (kinds.isEmpty() || kinds.contains("*") || kinds.contains(kind)) {
            return true;
        }
        // Kyverno's autogen: a rule for Pod also covers the controllers that create pods
        return kinds.contains("Pod") && PodSpecs.isWorkloadKind(kind);
    }

    private boolean matchesNamespace(String namespace) {
        return namespaces.isEmpty() || namespaces.stream().anyMatch(glob -> glob.matcher(namespace).matches());
    }

    /** Kinds may be written {@code Pod}, {@code v1/Pod} or {@code apps/v1/Deployment}: keep the kind. */
    static String kindOf(String written) {
        int slash = written.lastIndexOf('/');
        return slash < 0 ? written : written.substring(slash + 1);
    }

    /** A namespace glob: {@code *} any run of characters, {@code ?} one, as Kyverno's wildcards. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}

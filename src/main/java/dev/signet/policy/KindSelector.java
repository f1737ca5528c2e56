package dev.signet.policy;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of Kyverno's {@code kinds}: {@code Pod}, {@code v1/Pod}, {@code apps/v1/Deployment},
 * {@code Pod/ephemeralcontainers}, each part possibly a wildcard ({@code *}, {@code Deploy*}). A kind {@code Pod} also
 * matches the pod-owning workloads, as Kyverno's auto-generated rules do, so a policy written for pods refuses a bad
 * Deployment when it is applied. Signet does not see the request's subresource, so a selector naming one is unknown.
 *
 * @param group empty when the selector names none (any group)
 * @param version empty when the selector names none (any version)
 * @param subresource empty when the selector names none
 */
record KindSelector(String group, String version, String kind, String subresource) {

    KindSelector {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subresource, "subresource");
    }

    /**
     * Parses a {@code kinds} entry; a last part that starts in lower case is a subresource (kinds are CamelCase), and so
     * is what follows a dot in the last part ({@code tekton.dev/v1beta1/TaskRun.status}), as Kyverno's
     * {@code ParseKindSelector} reads it (pkg/utils/kube/kind.go@111e07bb).
     */
    static KindSelector parse(String written) {
        int slash = written.lastIndexOf('/');
        int dot = written.indexOf('.', slash + 1);
        if (dot > slash + 1 && dot < written.length() - 1) {
            written = written.substring(0, dot) + "/" + written.substring(dot + 1);
        }
        String[] parts = written.split("/", -1);
        int last = parts.length - 1;
        String subresource = "";
        if (last > 0 && !parts[last].isEmpty() && Character.isLowerCase(parts[last].charAt(0)) && Character.isUpperCase(first(parts[last - 1]))) {
            subresource = parts[last--];
        }
        String kind = parts[last];
        String version = last >= 1 ? parts[last - 1] : "";
        String group = last >= 2 ? String.join("/", Arrays.copyOfRange(parts, 0, last - 1)) : "";
        return new KindSelector(group, version, kind, subresource);
    }

    private static char first(String part) {
        return part.isEmpty() ? ' ' : part.charAt(0);
    }

    Truth test(AdmissionSubject subject, boolean autogen) {
        boolean kindMatches = Wildcards.matches(kind, subject.kind())
                || (autogen && "Pod".equals(kind) && PodSpecs.isWorkloadKind(subject.kind()));
        if (!kindMatches) {
            return Truth.FALSE;
        }
        Truth result = Truth.TRUE;
        if (!group.isEmpty() || !version.isEmpty()) {
            result = subject.object().filter(meta -> !meta.apiVersion().isEmpty())
                    .map(meta -> Truth.of(matchesApiVersion(meta.apiVersion(), subject.kind())))
                    .orElse(Truth.UNKNOWN);
        }
        if (!subresource.isEmpty() && !"*".equals(subresource)) {
            result = result.and(Truth.UNKNOWN);
        }
        return result;
    }

    private boolean matchesApiVersion(String apiVersion, String subjectKind) {
        if (!Wildcards.matches(kind, subjectKind)) {
            return true; // matched through autogen: Kyverno's generated rules name the workload kinds without a group
        }
        int slash = apiVersion.indexOf('/');
        String objectGroup = slash < 0 ? "" : apiVersion.substring(0, slash);
        String objectVersion = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return (group.isEmpty() || Wildcards.matches(group, objectGroup)) && (version.isEmpty() || Wildcards.matches(version, objectVersion));
    }
}

package dev.signet.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One {@code match}/{@code exclude} clause: the tests on the request that must all hold (Kyverno's
 * {@code doesResourceMatchConditionBlock}: AND across fields, OR inside a list field), each
 * {@link Truth#UNKNOWN} when Signet cannot evaluate it. A clause with no test at all is refused by Kyverno ("match
 * cannot be empty"); Signet reads it as unknown, so it matches in {@code match} and never excludes in {@code exclude}.
 *
 * @param path where the clause is in the policy, e.g. {@code rules[0].exclude.any[1]}
 * @param unevaluated the paths of the clause's fields Signet cannot evaluate (roles, clusterRoles, fields it does
 *     not know): each is an unknown test
 */
public record ResourceFilter(String path, List<Condition> conditions, List<String> unevaluated) {

    /** One test of the clause: a field of Kyverno's ResourceFilter against the request. */
    @FunctionalInterface
    interface Condition extends Function<AdmissionSubject, Truth> {
    }

    public ResourceFilter {
        Objects.requireNonNull(path, "path");
        conditions = List.copyOf(conditions);
        unevaluated = List.copyOf(unevaluated);
    }

    Truth test(AdmissionSubject subject) {
        if (conditions.isEmpty() && unevaluated.isEmpty()) {
            return Truth.UNKNOWN;
        }
        Truth result = unevaluated.isEmpty() ? Truth.TRUE : Truth.UNKNOWN;
        for (Condition condition : conditions) {
            result = result.and(condition.apply(subject));
            if (result == Truth.FALSE) {
                return result;
            }
        }
        return result;
    }

    /** Namespace globs: the object's namespace matches one. */
    static Condition namespaces(List<String> globs) {
        return subject -> Truth.of(globs.stream().anyMatch(glob -> Wildcards.matches(glob, subject.namespace())));
    }

    /** {@code namespaceSelector}: on the namespace's labels; unknown when they could not be looked up or it is invalid. */
    static Condition namespaceSelector(LabelSelector selector) {
        return subject -> subject.namespaceLabelsKnown() && selector.valid() ? Truth.of(selector.matches(subject.namespaceLabels())) : Truth.UNKNOWN;
    }

    /** {@code name}/{@code names}: the object's name (or generateName) matches one glob. */
    static Condition names(List<String> globs) {
        return subject -> object(subject, meta -> globs.stream().anyMatch(glob -> Wildcards.matches(glob, meta.name())));
    }

    /** {@code selector}: on the object's own labels. */
    static Condition selector(LabelSelector selector) {
        return subject -> selector.valid() ? object(subject, meta -> selector.matches(meta.labels())) : Truth.UNKNOWN;
    }

    /** {@code annotations}: every key/value pair (both may hold wildcards) is matched by one of the object's annotations. */
    static Condition annotations(Map<String, String> expected) {
        return subject -> object(subject, meta -> expected.entrySet().stream().allMatch(want -> meta.annotations().entrySet().stream()
                .anyMatch(have -> Wildcards.matches(want.getKey(), have.getKey()) && Wildcards.matches(want.getValue(), have.getValue()))));
    }

    /** {@code operations}: the AdmissionReview's operation is one of them. */
    static Condition operations(List<String> operations) {
        return subject -> subject.operation().map(operation -> Truth.of(operations.contains(operation))).orElse(Truth.UNKNOWN);
    }

    /** {@code subjects}: one of them is the requesting user, one of its groups, or its service account. */
    static Condition subjects(List<Subject> subjects) {
        return subject -> subject.user().map(user -> Truth.of(subjects.stream().anyMatch(s -> s.matches(user)))).orElse(Truth.UNKNOWN);
    }

    /** {@code kinds}: one of the kind selectors matches. */
    static Condition kinds(List<KindSelector> kinds, boolean autogen) {
        return subject -> kinds.stream().map(kind -> kind.test(subject, autogen)).reduce(Truth.FALSE, Truth::or);
    }

    private static Truth object(AdmissionSubject subject, Predicate<AdmissionSubject.ObjectMeta> test) {
        Optional<AdmissionSubject.ObjectMeta> object = subject.object();
        return object.map(meta -> Truth.of(test.test(meta))).orElse(Truth.UNKNOWN);
    }

    /** An RBAC subject of {@code subjects}, matched as Kyverno's CheckSubjects does (pkg/utils/match/subjects.go). */
    public record Subject(String kind, String name, String namespace) {
        public Subject {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(namespace, "namespace");
        }

        boolean matches(AdmissionSubject.UserInfo user) {
            return switch (kind) {
                case "ServiceAccount" -> Wildcards.matches("system:serviceaccount:" + namespace + ":" + name, user.username());
                case "User" -> Wildcards.matches(name, user.username());
                case "Group" -> user.groups().stream().anyMatch(group -> Wildcards.matches(name, group));
                default -> false;
            };
        }
    }
}

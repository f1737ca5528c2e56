package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every field of Kyverno's match/exclude ResourceFilter, evaluated from what the AdmissionReview carries, as Kyverno's
 * engine does (kyverno/pkg/engine/utils/match.go): names with wildcards (generateName when there is no name), label
 * selectors, annotations, operations, subjects, kinds with group/version; and what Signet cannot evaluate (roles,
 * clusterRoles, a subresource, labels of a namespace not seen yet) settled towards enforcement.
 */
class MatchFieldsTest {
    private static final AdmissionSubject.UserInfo ALICE = new AdmissionSubject.UserInfo("alice", List.of("system:authenticated", "dev-team"));
    private static final AdmissionSubject.UserInfo CONTROLLER = new AdmissionSubject.UserInfo("system:serviceaccount:kube-system:replicaset-controller",
            List.of("system:serviceaccounts"));

    private static AdmissionSubject pod(String name, Map<String, String> labels, Map<String, String> annotations, String operation,
            AdmissionSubject.UserInfo user) {
        return new AdmissionSubject("Pod", "prod", Map.of("kubernetes.io/metadata.name", "prod"), true,
                Optional.of(new AdmissionSubject.ObjectMeta("v1", name, labels, annotations)), Optional.of(operation), Optional.of(user));
    }

    private static AdmissionSubject pod(String name) {
        return pod(name, Map.of(), Map.of(), "CREATE", ALICE);
    }

    private static boolean selects(String exclude, AdmissionSubject subject) {
        ImageRule rule = SelectionCompilerTest.rule("{any: [{resources: {kinds: [Pod]}}]}", exclude);
        return Selection.selects(rule.match(), rule.exclude(), subject);
    }

    private static boolean matches(String match, AdmissionSubject subject) {
        ImageRule rule = SelectionCompilerTest.rule(match, "{}");
        return Selection.selects(rule.match(), rule.exclude(), subject);
    }

    @Test
    void exclude_namesWithWildcard_excludesOnlyThoseNames() {
        String exclude = "{any: [{resources: {kinds: [Pod], names: [debug-*]}}]}";

        assertThat(selects(exclude, pod("debug-shell"))).isFalse();
        assertThat(selects(exclude, pod("web-7d9f"))).isTrue();
        assertThat(selects("{any: [{resources: {name: \"web-?\"}}]}", pod("web-1"))).isFalse();
    }

    @Test
    void exclude_selectorAndAnnotations_readTheObjectsOwnMetadata() {
        String selector = "{any: [{resources: {selector: {matchLabels: {\"team\": \"sre-*\"}}}}]}";
        String annotations = "{any: [{resources: {annotations: {\"signet.dev/*\": \"skip\"}}}]}";

        assertThat(selects(selector, pod("a", Map.of("team", "sre-eu"), Map.of(), "CREATE", ALICE))).isFalse();
        assertThat(selects(selector, pod("a", Map.of("team", "web"), Map.of(), "CREATE", ALICE))).isTrue();
        assertThat(selects(annotations, pod("a", Map.of(), Map.of("signet.dev/verify", "skip"), "CREATE", ALICE))).isFalse();
        assertThat(selects(annotations, pod("a", Map.of(), Map.of("signet.dev/verify", "always"), "CREATE", ALICE))).isTrue();
    }

    @Test
    void exclude_operations_excludeOnlyThoseOperations() {
        String exclude = "{any: [{resources: {operations: [UPDATE]}}]}";

        assertThat(selects(exclude, pod("a", Map.of(), Map.of(), "UPDATE", ALICE))).isFalse();
        assertThat(selects(exclude, pod("a", Map.of(), Map.of(), "CREATE", ALICE))).isTrue();
    }

    @Test
    void exclude_subjects_matchUserGroupAndServiceAccountWithWildcards() {
        String serviceAccounts = "{any: [{subjects: [{kind: ServiceAccount, namespace: kube-system, name: \"*-controller\"}]}]}";
        String group = "{any: [{subjects: [{kind: Group, name: \"dev-*\"}]}]}";
        String user = "{any: [{subjects: [{kind: User, name: bob}]}]}";

        assertThat(selects(serviceAccounts, pod("a", Map.of(), Map.of(), "CREATE", CONTROLLER))).isFalse();
        assertThat(selects(serviceAccounts, pod("a"))).isTrue();
        assertThat(selects(group, pod("a"))).isFalse();
        assertThat(selects(user, pod("a"))).isTrue();
    }

    @Test
    void exclude_allWithClusterRoles_neverExcludesEvenWhereTheOtherClauseHolds() {
        String exclude = "{all: [{resources: {namespaces: [prod]}}, {clusterRoles: [cluster-admin]}]}";

        assertThat(selects(exclude, pod("a"))).isTrue();
    }

    @Test
    void match_rolesWithKinds_theKnownPartStillDecides() {
        String match = "{any: [{resources: {kinds: [Deployment]}, roles: [admin]}]}";

        assertThat(matches(match, pod("a"))).isFalse();
        assertThat(matches(match, new AdmissionSubject("Deployment", "prod", Map.of()))).isTrue();
    }

    @Test
    void namespaceSelector_labelsNotYetKnown_matchesInMatchAndNeverExcludes() {
        AdmissionSubject unknownLabels = new AdmissionSubject("Pod", "new-ns", Map.of(), false, Optional.empty(), Optional.empty(), Optional.empty());
        String selector = "{namespaceSelector: {matchExpressions: [{key: enforce, operator: DoesNotExist}]}}";

        assertThat(selects("{any: [{resources: " + selector + "}]}", unknownLabels)).isTrue();
        assertThat(matches("{any: [{resources: {namespaceSelector: {matchLabels: {enforce: \"true\"}}}}]}", unknownLabels)).isTrue();
        assertThat(selects("{any: [{resources: " + selector + "}]}", new AdmissionSubject("Pod", "ns", Map.of("a", "b")))).isFalse();
    }

    @Test
    void kinds_groupVersionAndSubresource_checkedAgainstTheObjectOrUnknown() {
        AdmissionSubject deployment = new AdmissionSubject("Deployment", "prod", Map.of(), true,
                Optional.of(new AdmissionSubject.ObjectMeta("apps/v1", "web", Map.of(), Map.of())), Optional.of("CREATE"), Optional.empty());

        assertThat(matches("{any: [{resources: {kinds: [apps/v1/Deployment]}}]}", deployment)).isTrue();
        assertThat(matches("{any: [{resources: {kinds: [\"apps/v2/Deployment\"]}}]}", deployment)).isFalse();
        assertThat(selects("{any: [{resources: {kinds: [Pod/ephemeralcontainers]}}]}", pod("a"))).as("subresource unknown").isTrue();
        assertThat(matches("{any: [{resources: {kinds: [Pod/ephemeralcontainers]}}]}", pod("a"))).isTrue();
    }

    /** Kyverno's {@code Kind.subresource} form (ParseKindSelector), as the library's Tekton vulnerability-scan policy writes it. */
    @Test
    void kinds_dottedSubresource_isReadAsKindAndSubresource() {
        AdmissionSubject taskRun = new AdmissionSubject("TaskRun", "ci", Map.of(), true,
                Optional.of(new AdmissionSubject.ObjectMeta("tekton.dev/v1beta1", "build", Map.of(), Map.of())), Optional.of("CREATE"), Optional.empty());

        assertThat(matches("{any: [{resources: {kinds: [tekton.dev/v1beta1/TaskRun.status]}}]}", taskRun)).as("subresource unknown").isTrue();
        assertThat(matches("{any: [{resources: {kinds: [tekton.dev/v1/TaskRun.status]}}]}", taskRun)).as("another version").isFalse();
        assertThat(matches("{any: [{resources: {kinds: [PipelineRun.status]}}]}", taskRun)).isFalse();
    }

    @Test
    void exclude_podKindWithNames_doesNotReachTheWorkloads() {
        AdmissionSubject deployment = new AdmissionSubject("Deployment", "prod", Map.of(), true,
                Optional.of(new AdmissionSubject.ObjectMeta("apps/v1", "debug-tools", Map.of(), Map.of())), Optional.of("CREATE"), Optional.empty());

        assertThat(selects("{any: [{resources: {kinds: [Pod], names: [debug-*]}}]}", deployment)).isTrue();
        assertThat(selects("{any: [{resources: {kinds: [Pod], namespaces: [prod]}}]}", deployment)).isFalse();
    }

    @Test
    void anyAndAll_both_allIsIgnoredAsKyvernoDoesAndNoted() {
        CompiledPolicy policy = Policies.compile(SelectionCompilerTest.kyverno(
                "{any: [{resources: {kinds: [Pod]}}], all: [{resources: {namespaces: [nowhere]}}]}", "{}"));

        assertThat(policy.applies(pod("a"))).isTrue();
        assertThat(Selection.selects(policy.rules().get(0).match(), policy.rules().get(0).exclude(), pod("a"))).isTrue();
        assertThat(policy.loadNotes()).anySatisfy(note -> assertThat(note).contains("rules[0].match.all is ignored"));
    }

    @Test
    void operations_unknownValue_isRefusedNamingTheField() {
        assertThatThrownBy(() -> Policies.compile(SelectionCompilerTest.kyverno("{any: [{resources: {operations: [PATCH]}}]}", "{}")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("rules[0].match.any[0].resources.operations must list CREATE");
    }

    @Test
    void objectMeta_noName_usesGenerateName() {
        var object = Policies.document("apiVersion: v1\nkind: Pod\nmetadata: {generateName: debug-, labels: {a: b, n: 1}}");

        assertThat(AdmissionSubject.ObjectMeta.of(object)).contains(new AdmissionSubject.ObjectMeta("v1", "debug-", Map.of("a", "b"), Map.of()));
    }

    @Test
    void invalidLabelSelector_isUnknown_matchesInMatchNeverExcludesAndIsNoted() {
        String invalid = "{matchExpressions: [{key: tier, operator: In}]}";
        CompiledPolicy policy = Policies.compile(SelectionCompilerTest.kyverno("{any: [{resources: {namespaceSelector: " + invalid + "}}]}",
                "{any: [{resources: {selector: " + invalid + "}}]}"));
        ImageRule rule = policy.rules().get(0);

        assertThat(Selection.selects(rule.match(), rule.exclude(), pod("a", Map.of("tier", "x"), Map.of(), "CREATE", ALICE))).isTrue();
        assertThat(policy.loadNotes()).anySatisfy(note -> assertThat(note)
                .startsWith("rules[0].match.any[0].resources.namespaceSelector is not a valid label selector"));
    }
}

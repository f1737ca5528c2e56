package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13, item 1: a Kyverno {@code exclude} clause whose fields Signet could not read used to compile to "everything",
 * switching the rule off for every request. Each case here is a subject known only by kind and namespace (what the
 * request's other facts are is unknown), so a clause Signet cannot settle must leave the rule applying.
 */
class SelectionCompilerTest {
    private static final AdmissionSubject PROD_POD = new AdmissionSubject("Pod", "prod", Map.of());

    static String kyverno(String match, String exclude) {
        return """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: verify}
                spec:
                  validationFailureAction: Enforce
                  rules:
                  - name: signed
                    match: %s
                    exclude: %s
                    verifyImages:
                    - imageReferences: ["ghcr.io/acme/*"]
                      key: k8s://signing/cosign
                """.formatted(match, exclude);
    }

    static ImageRule rule(String match, String exclude) {
        return Policies.compile(kyverno(match, exclude)).rules().get(0);
    }

    static Stream<Arguments> excludesThatMustNotWiden() {
        return Stream.of(
                Arguments.of(Named.of("clusterRoles only", "{any: [{clusterRoles: [cluster-admin]}]}")),
                Arguments.of(Named.of("roles only", "{any: [{roles: [admin]}]}")),
                Arguments.of(Named.of("subjects only, user unknown", "{any: [{subjects: [{kind: User, name: alice}]}]}")),
                Arguments.of(Named.of("names, object unknown", "{any: [{resources: {kinds: [Pod], names: [debug-*]}}]}")),
                Arguments.of(Named.of("selector, object unknown", "{any: [{resources: {kinds: [Pod], selector: {matchLabels: {debug: \"true\"}}}}]}")),
                Arguments.of(Named.of("operations, operation unknown", "{any: [{resources: {kinds: [Pod], operations: [UPDATE]}}]}")),
                Arguments.of(Named.of("annotations, object unknown", "{any: [{resources: {kinds: [Pod], annotations: {debug: \"*\"}}}]}")),
                Arguments.of(Named.of("a field Signet does not know", "{any: [{resources: {kinds: [Pod], futureField: [x]}}]}")),
                Arguments.of(Named.of("an empty clause", "{any: [{}]}")),
                Arguments.of(Named.of("all: namespaces and clusterRoles", "{all: [{resources: {namespaces: [prod]}}, {clusterRoles: [cluster-admin]}]}")),
                Arguments.of(Named.of("the bare form with clusterRoles", "{resources: {kinds: [Pod]}, clusterRoles: [cluster-admin]}")));
    }

    @ParameterizedTest(name = "exclude {0}")
    @MethodSource("excludesThatMustNotWiden")
    void exclude_clauseSignetCannotSettle_neverSwitchesTheRuleOff(String exclude) {
        ImageRule rule = rule("{any: [{resources: {kinds: [Pod]}}]}", exclude);

        assertThat(Selection.selects(rule.match(), rule.exclude(), PROD_POD)).isTrue();
    }

    @Test
    void exclude_clusterRoles_loadNotesNameTheFieldAndWhatSignetDoes() {
        CompiledPolicy policy = Policies.compile(kyverno("{any: [{resources: {kinds: [Pod]}}]}", "{any: [{clusterRoles: [cluster-admin]}]}"));

        assertThat(policy.loadNotes()).anySatisfy(note -> assertThat(note)
                .contains("rules[0].exclude.any[0]").contains("rules[0].exclude.any[0].clusterRoles").contains("never excludes"));
        assertThat(policy.allNotEvaluated()).contains("rules[0].exclude.any[0].clusterRoles");
    }

    @Test
    void match_rolesOnly_countsAsMatchingAndSaysSo() {
        CompiledPolicy policy = Policies.compile(kyverno("{any: [{roles: [dev]}]}", "{}"));

        assertThat(policy.applies(PROD_POD)).isTrue();
        assertThat(Selection.selects(policy.rules().get(0).match(), policy.rules().get(0).exclude(), PROD_POD)).isTrue();
        assertThat(policy.loadNotes()).anySatisfy(note -> assertThat(note).contains("rules[0].match.any[0].roles").contains("counts them as matching"));
    }

    @Test
    void match_kindWildcard_matchesAsKyvernoDoes() {
        ImageRule rule = rule("{any: [{resources: {kinds: [\"P*\"]}}]}", "{}");

        assertThat(Selection.selects(rule.match(), rule.exclude(), PROD_POD)).isTrue();
        assertThat(Selection.selects(rule.match(), rule.exclude(), new AdmissionSubject("Deployment", "prod", Map.of()))).isFalse();
    }

    @Test
    void signetPolicy_emptyExclude_excludesNothing() {
        CompiledPolicy policy = Policies.compile("""
                apiVersion: signet.dev/v1alpha1
                kind: SignetClusterImagePolicy
                metadata: {name: signed}
                spec:
                  exclude: {}
                  verifyImages:
                  - imageReferences: ["ghcr.io/acme/*"]
                    key: k8s://signing/cosign
                """);

        assertThat(policy.applies(PROD_POD)).isTrue();
    }

    @Test
    void exclude_namespacesItNames_stillExcludes() {
        ImageRule rule = rule("{any: [{resources: {kinds: [Pod]}}]}", "{any: [{resources: {namespaces: [\"kube-*\"]}}]}");

        assertThat(Selection.selects(rule.match(), rule.exclude(), new AdmissionSubject("Pod", "kube-system", Map.of()))).isFalse();
        assertThat(Selection.selects(rule.match(), rule.exclude(), PROD_POD)).isTrue();
    }

    @Test
    void loadNotes_thousandsOfClausesSignetCannotSettle_areBounded() {
        String clauses = String.join(", ", Collections.nCopies(1000, "{clusterRoles: [cluster-admin]}"));
        CompiledPolicy policy = Policies.compile(kyverno("{any: [{resources: {kinds: [Pod]}}]}", "{any: [" + clauses + "]}"));

        // the 1000 clauses, and the short-form key's Rekor requirement Signet relaxes (Kyverno's default)
        assertThat(policy.loadNotes()).hasSizeLessThanOrEqualTo(CompiledPolicy.MAX_NOTES + 2)
                .contains("and " + (1000 + 1 - CompiledPolicy.MAX_NOTES) + " more notes");
        assertThat(Selection.selects(policy.rules().get(0).match(), policy.rules().get(0).exclude(), PROD_POD)).isTrue();
    }
}

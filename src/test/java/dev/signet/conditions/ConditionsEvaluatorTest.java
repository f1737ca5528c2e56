package dev.signet.conditions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kyverno conditions end to end: the policy library's attestation conditions (kyverno/policies) against predicates
 * from cosign's test data, operator semantics from Kyverno's operator tests, substitution and the budget.
 */
class ConditionsEvaluatorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2022-07-30T02:28:48Z"), ZoneOffset.UTC);
    private final ConditionsEvaluator evaluator = new ConditionsEvaluator(Limits.defaults(), CLOCK);

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Conditions as policies hold them: YAML (flow style here), read as Signet reads policy documents. */
    static JsonNode yaml(String text) {
        try {
            return Json.yaml().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ConditionsResult run(String conditions, String document) {
        return evaluator.evaluate(evaluator.compile(yaml(conditions), "conditions"), json(document));
    }

    // kyverno/policies other/require-vulnerability-scan: {{ time_since('','{{metadata.scanFinishedOn}}','') }} <= 168h
    private static final String SCAN_WITHIN_A_WEEK = "[{'all':[{'key':\"{{ time_since('','{{metadata.scanFinishedOn}}','') }}\",'operator':'LessThanOrEquals','value':'168h'}]}]";

    @Test
    void vulnScanAge_nestedVariable_passesWithinAWeekAndFailsAfter() {
        ConditionsResult fresh = run(SCAN_WITHIN_A_WEEK, "{'metadata':{'scanFinishedOn':'2022-07-29T02:28:48Z'}}");
        ConditionsResult stale = run(SCAN_WITHIN_A_WEEK, "{'metadata':{'scanFinishedOn':'2022-07-01T00:00:00Z'}}");

        assertThat(fresh.status()).isEqualTo(ConditionsResult.Status.PASS);
        assertThat(stale.status()).isEqualTo(ConditionsResult.Status.FAIL);
        assertThat(stale.summary()).contains("conditions[0].all[0]").contains("saw \"698h28m48s\"");
    }

    @Test
    void slsaBuilder_regexMatch_failsForAnotherBuilderNamingWhatItSaw() {
        // kyverno/policies other/verify-image-slsa
        String conditions = "[{'all':[{'key':\"{{ regex_match('^https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
                + "generator_container_slsa3.yml@refs/tags/v[0-9].[0-9].[0-9]$','{{ builder.id}}') }}\",'operator':'Equals','value':true}]}]";
        String good = "{'builder':{'id':'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v1.4.0'}}";
        String other = "{'builder':{'id':'https://evil.example/builder'}}";

        assertThat(run(conditions, good).passed()).isTrue();
        ConditionsResult failed = run(conditions, other);
        assertThat(failed.status()).isEqualTo(ConditionsResult.Status.FAIL);
        assertThat(failed.problems()).singleElement().satisfies(o -> assertThat(o.keySeen()).isEqualTo("false"));
    }

    @Test
    void cycloneDx_allNotIn_withOrDefault() {
        // kyverno/policies other/verify-image-cve-2022-42889
        String conditions = "[{'all':[{'key':\"{{ components[?name=='commons-text'].version || 'none' }}\",'operator':'AllNotIn','value':['1.5','1.6','1.7','1.8','1.9']}]}]";
        assertThat(run(conditions, "{'components':[{'name':'commons-text','version':'1.10'}]}").passed()).isTrue();
        assertThat(run(conditions, "{'components':[{'name':'commons-text','version':'1.9'}]}").passed()).isFalse();
        assertThat(run(conditions, "{'components':[]}").passed()).isTrue();
    }

    static Stream<Arguments> operators() {
        return Stream.of(
                Arguments.of("string wildcard value", "'abc'", "Equals", "'a*'", true),
                Arguments.of("quantity equal", "'1Gi'", "Equals", "'1024Mi'", true),
                Arguments.of("quantity vs non-quantity is not equal", "'1'", "Equals", "'1*'", false),
                Arguments.of("duration equal", "'1h'", "Equals", "'60m'", true),
                Arguments.of("duration vs seconds", "'1m'", "Equals", "60", true),
                Arguments.of("number vs string", "5", "Equals", "'5'", true),
                Arguments.of("object deep equal", "{'a':1}", "Equals", "{'a':1.0}", true),
                Arguments.of("not equals mismatched types", "true", "NotEquals", "'true'", true),
                Arguments.of("greater than numbers", "'10'", "GreaterThan", "'9'", true),
                Arguments.of("greater than semver", "'1.10.0'", "GreaterThan", "'1.9.0'", true),
                Arguments.of("less than quantity", "'500m'", "LessThan", "'1'", true),
                Arguments.of("duration greater", "'2h'", "GreaterThanOrEquals", "'120m'", true),
                Arguments.of("deprecated duration operator", "'2h'", "DurationGreaterThan", "3600", true),
                Arguments.of("anyin wildcard", "['a','b']", "AnyIn", "['x','b*']", true),
                Arguments.of("allin missing one", "['a','c']", "AllIn", "['a','b']", false),
                Arguments.of("anynotin", "['a','c']", "AnyNotIn", "['a','b']", true),
                Arguments.of("allnotin", "['x']", "AllNotIn", "['a','b']", true),
                Arguments.of("in json string array", "'a'", "In", "'[\"a\",\"b\"]'", true),
                Arguments.of("notin scalar", "'c'", "NotIn", "['a','b']", true),
                Arguments.of("anyin range", "'5'", "AnyIn", "'1-10'", true),
                Arguments.of("number printed as go prints it", "1000000", "AnyIn", "['1e+06']", true),
                Arguments.of("null key never equals", "null", "Equals", "null", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void operator_followsKyvernosSemantics(String name, String key, String operator, String value, boolean holds) {
        String conditions = "[{'all':[{'key':" + key + ",'operator':'" + operator + "','value':" + value + "}]}]";
        assertThat(run(conditions, "{}").passed()).as(name).isEqualTo(holds);
    }

    @Test
    void substitution_embedsNonStringsAsGoJson_andKeepsEscapedBraces() {
        String conditions = "[{'all':[{'key':'x-{{ a }}-\\\\{{ b }}','operator':'Equals','value':'x-{\"k\":1}-\\\\{{ b }}'}]}]";
        assertThat(run(conditions, "{'a':{'k':1}}").passed()).isTrue();
    }

    @Test
    void anyBlock_passesOnFirstHoldingCondition_andEmptyAnyNeverHolds() {
        assertThat(run("[{'any':[{'key':'a','operator':'Equals','value':'b'},{'key':'a','operator':'Equals','value':'a'}]}]", "{}").passed()).isTrue();
        assertThat(run("[{'any':[]}]", "{}").passed()).isFalse();
    }

    @Test
    void unknownFunctionOrOperator_isRefusedAtCompileTime() {
        assertThatThrownBy(() -> evaluator.compile(yaml("[{'all':[{'key':'{{ x509_decode(a) }}','operator':'Equals','value':1}]}]"), "conditions"))
                .isInstanceOf(ConditionsException.class).hasMessageContaining("conditions[0].all[0]");
        assertThatThrownBy(() -> evaluator.compile(yaml("[{'all':[{'key':'a','operator':'Matches','value':1}]}]"), "conditions"))
                .isInstanceOf(ConditionsException.class).hasMessageContaining("\"Matches\" is not one Kyverno has");
    }

    @Test
    void failingFunction_isAnErrorNotAFail() {
        ConditionsResult result = run("[{'all':[{'key':\"{{ time_since('', 'yesterday', '') }}\",'operator':'LessThan','value':'1h'}]}]", "{}");
        assertThat(result.status()).isEqualTo(ConditionsResult.Status.ERROR);
        assertThat(result.summary()).contains("is not an RFC 3339 time");
    }

    @Test
    void hostileRegex_stopsAtTheDeadline() {
        ConditionsEvaluator quick = new ConditionsEvaluator(Limits.defaults().withMaxTime(Duration.ofMillis(100)), CLOCK);
        String conditions = "[{'all':[{'key':\"{{ regex_match('(.*a){25}', s) }}\",'operator':'Equals','value':true}]}]";
        ConditionsResult result = quick.evaluate(quick.compile(yaml(conditions), "c"), json("{'s':'" + "a".repeat(60) + "c'}"));
        assertThat(result.status()).isEqualTo(ConditionsResult.Status.ERROR);
        assertThat(result.summary()).contains("ran out of time");
    }

    @Test
    void shownValues_areBoundedAndCleaned() {
        ConditionsResult result = run("[{'all':[{'key':'{{ s }}','operator':'Equals','value':'x'}]}]", "{'s':'" + "\\u2028\\n".repeat(500) + "'}");
        assertThat(result.summary()).doesNotContain("\n").doesNotContain("\u2028");
        assertThat(result.problems().get(0).keySeen().length()).isLessThanOrEqualTo(ConditionOutcome.MAX_SHOWN + 3);
    }

    @Test
    void functions_kyvernoStringAndTimeHelpers() {
        String conditions = "[{'all':["
                + "{'key':\"{{ to_upper('a') }}\",'operator':'Equals','value':'A'},"
                + "{'key':\"{{ split('a/b', '/') }}\",'operator':'Equals','value':['a','b']},"
                + "{'key':\"{{ truncate('abcdef', `3`) }}\",'operator':'Equals','value':'abc'},"
                + "{'key':\"{{ base64_decode('aGk=') }}\",'operator':'Equals','value':'hi'},"
                + "{'key':\"{{ parse_json('{\\\"a\\\":[1]}').a[0] }}\",'operator':'Equals','value':1},"
                + "{'key':\"{{ contains(['x'], 'x') }}\",'operator':'Equals','value':true},"
                + "{'key':\"{{ semver_compare('1.2.3', '>1.0.0 <2.0.0') }}\",'operator':'Equals','value':true},"
                + "{'key':\"{{ time_add('2022-01-01T00:00:00Z', '36h') }}\",'operator':'Equals','value':'2022-01-02T12:00:00Z'},"
                + "{'key':\"{{ add('1h', '30m') }}\",'operator':'Equals','value':'1h30m0s'},"
                + "{'key':\"{{ time_since('2006-01-02', '2022-07-29', '2022-07-30') }}\",'operator':'Equals','value':'24h0m0s'}"
                + "]}]";
        ConditionsResult result = run(conditions, "{}");
        assertThat(result.passed()).as(result.summary()).isTrue();
    }

    @Test
    void hugeDocument_isAnErrorBeforeEvaluation() {
        JsonNode deep = json("1");
        for (int i = 0; i < 300; i++) {
            deep = Json.mapper().createArrayNode().add(deep);
        }
        Conditions conditions = evaluator.compile(yaml("[{'all':[{'key':'{{ @ }}','operator':'Equals','value':1}]}]"), "c");
        assertThat(evaluator.evaluate(conditions, deep).status()).isEqualTo(ConditionsResult.Status.ERROR);
    }
}

package dev.signet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.conditions.Conditions;
import dev.signet.conditions.ConditionsEvaluator;
import dev.signet.conditions.ConditionsException;
import dev.signet.conditions.ConditionsResult;
import dev.signet.conditions.Limits;
import dev.signet.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kyverno conditions from outside: mutated condition lists (JMESPath expressions, operators, nesting) compiled and
 * evaluated against mutated predicates, plus predicates made huge or deeply nested. Every case must compile or be
 * refused with a ConditionsException, evaluate to PASS, FAIL or ERROR within the time bound, and say why in a
 * bounded single line.
 */
class ConditionsFuzzTest {
    private static final ConditionsEvaluator EVALUATOR = new ConditionsEvaluator(Limits.defaults().withMaxTime(Duration.ofMillis(300)), Clock.systemUTC());

    /** A condition list and the document it is evaluated against, both as JSON bytes. */
    record Case(byte[] conditions, byte[] document) {
        @Override
        public String toString() {
            return "conditions " + Describe.bytes(conditions) + ", document " + Describe.bytes(document);
        }
    }

    @TestFactory
    Stream<DynamicTest> fuzz() {
        Mutator<byte[]> json = Mutators.json();
        Mutator<Case> mutator = (seed, random, pool) -> switch (random.nextInt(6)) {
            case 0, 1 -> new Case(json.mutate(seed.conditions(), random, pool.stream().map(Case::conditions).toList()), seed.document());
            case 2, 3 -> new Case(seed.conditions(), json.mutate(seed.document(), random, pool.stream().map(Case::document).toList()));
            case 4 -> new Case(hostileExpression(random), seed.document());
            default -> new Case(seed.conditions(), hugeDocument(random));
        };
        return Fuzzer.tests(FuzzTarget.<Case>named("conditions.evaluate")
                .seeds(seeds())
                .mutator(mutator)
                .parse(input -> {
                    JsonNode conditions = JsonMutator.parse(input.conditions());
                    JsonNode document = JsonMutator.parse(input.document());
                    if (conditions == null || document == null) {
                        return List.of();
                    }
                    Conditions compiled = EVALUATOR.compile(conditions, "conditions");
                    return EVALUATOR.evaluate(compiled, document);
                })
                .rejects(ConditionsException.class)
                .check((input, result) -> {
                    if (result instanceof ConditionsResult conditionsResult) {
                        String summary = conditionsResult.summary();
                        assertThat(summary).as("summary").doesNotContain("\n").doesNotContain("\u2028");
                        assertThat(summary.length()).as("summary length").isLessThan(64 * 1024);
                    }
                })
                // each case compiles and evaluates JMESPath: fewer cases than the parsers get keep CI within its time
                .cases(2000)
                .timeout(Duration.ofSeconds(5))
                .build());
    }

    private static List<Case> seeds() {
        String predicate = "{\"builder\":{\"id\":\"https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v1.4.0\"},"
                + "\"metadata\":{\"scanFinishedOn\":\"2022-07-29T02:28:48Z\"},\"components\":[{\"name\":\"commons-text\",\"version\":\"1.10\"}],"
                + "\"matches\":[{\"vulnerability\":[{\"cvss\":[{\"metrics\":{\"impactScore\":9.1}}]}]}]}";
        List<String> conditions = List.of(
                "[{\"all\":[{\"key\":\"{{ time_since('','{{metadata.scanFinishedOn}}','') }}\",\"operator\":\"LessThanOrEquals\",\"value\":\"168h\"}]}]",
                "[{\"all\":[{\"key\":\"{{ regex_match('^https://github.com/slsa-framework/.*$','{{ builder.id}}') }}\",\"operator\":\"Equals\",\"value\":true}]}]",
                "[{\"all\":[{\"key\":\"{{ components[?name=='commons-text'].version || 'none' }}\",\"operator\":\"AllNotIn\",\"value\":[\"1.5\",\"1.9\"]}]}]",
                "[{\"any\":[{\"key\":\"{{ matches[].vulnerability[].cvss[?metrics.impactScore > `8.0`][] | length(@) }}\",\"operator\":\"Equals\",\"value\":0},"
                        + "{\"key\":\"{{ to_upper(builder.id) }}\",\"operator\":\"AnyIn\",\"value\":[\"HTTPS*\"]}]}]",
                "[{\"all\":[{\"key\":\"{{ add('1h', '30m') }}\",\"operator\":\"GreaterThan\",\"value\":\"1h\",\"message\":\"m\"}]}]");
        List<Case> seeds = new ArrayList<>();
        for (String condition : conditions) {
            seeds.add(new Case(condition.getBytes(StandardCharsets.UTF_8), predicate.getBytes(StandardCharsets.UTF_8)));
        }
        return seeds;
    }

    /** Expressions built to hurt: deep nesting, long pipes and projections, backtracking regexes, huge literals. */
    private static byte[] hostileExpression(SplittableRandom random) {
        String expression = switch (random.nextInt(6)) {
            case 0 -> "(".repeat(1 + random.nextInt(5000)) + "a" + ")".repeat(1 + random.nextInt(5000));
            case 1 -> "a" + ".b[*]".repeat(1 + random.nextInt(3000));
            case 2 -> "regex_match('(.*a){" + (5 + random.nextInt(30)) + "}', to_string(@))";
            case 3 -> "'" + "x".repeat(random.nextInt(100_000)) + "'";
            case 4 -> "[" + "@,".repeat(random.nextInt(2000)) + "@] | [][][]";
            default -> "{{ {{ {{ " + "a".repeat(random.nextInt(10)) + " }} }} }}";
        };
        ObjectNode condition = Json.mapper().createObjectNode().put("key", "{{ " + expression + " }}").put("operator", "Equals").put("value", "x");
        ArrayNode all = Json.mapper().createArrayNode().add(condition);
        return Json.mapper().createArrayNode().add(Json.mapper().createObjectNode().set("all", all)).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A predicate either very wide or very deep. */
    private static byte[] hugeDocument(SplittableRandom random) {
        int n = 1 + random.nextInt(20_000);
        String text = random.nextBoolean()
                ? "{\"components\":[" + "{\"name\":\"a\",\"version\":\"1\"},".repeat(n) + "{}]}"
                : "[".repeat(Math.min(n, 900)) + "1" + "]".repeat(Math.min(n, 900));
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.signet.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.policy.AdmissionSubject;
import dev.signet.policy.CompiledPolicy;
import dev.signet.policy.EnforcementAction;
import dev.signet.policy.ImageRule;
import dev.signet.policy.PolicyCompiler;
import dev.signet.policy.PolicyDocuments;
import dev.signet.policy.PolicyException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Policies with match/exclude and failure-action fields (issue 13, items 1 and 2), mutated, compiled and evaluated
 * against a spread of requests. Besides "compiles or is refused with a PolicyException", every accepted policy must
 * keep the guarantee that what Signet does not know never narrows enforcement: a rule that applies to a fully known
 * request also applies once the request's user, operation, object and namespace labels are unknown, and an action
 * that enforces with the labels known still enforces without them.
 */
class SelectionFuzzTest {
    private static final List<AdmissionSubject> SUBJECTS = subjects();

    @TestFactory
    Stream<DynamicTest> fuzz() {
        return Fuzzer.tests(FuzzTarget.<byte[]>named("policy.selection")
                .seeds(seeds())
                .mutator(Mutators.json())
                .parse(bytes -> {
                    List<CompiledPolicy> compiled = new ArrayList<>();
                    for (JsonNode document : PolicyDocuments.read(new String(bytes, StandardCharsets.UTF_8), "fuzz.yaml")) {
                        if (PolicyCompiler.isPolicy(document)) {
                            compiled.add(PolicyCompiler.compile(document, "fuzz.yaml"));
                        }
                    }
                    return compiled;
                })
                .rejects(PolicyException.class)
                .check((bytes, result) -> {
                    for (Object policy : (List<?>) result) {
                        unknownsNeverNarrow((CompiledPolicy) policy);
                    }
                })
                .build());
    }

    private static void unknownsNeverNarrow(CompiledPolicy policy) {
        for (AdmissionSubject known : SUBJECTS) {
            AdmissionSubject unknown = new AdmissionSubject(known.kind(), known.namespace(), Map.of(), false, Optional.empty(), Optional.empty(), Optional.empty());
            for (ImageRule rule : policy.rules()) {
                if (policy.applies(known) && rule.selects(known) && !(policy.applies(unknown) && rule.selects(unknown))) {
                    throw new AssertionError(rule.path() + " applies to " + known + " but not once its facts are unknown");
                }
                if (rule.actionFor(known) == EnforcementAction.ENFORCE && rule.actionFor(unknown) != EnforcementAction.ENFORCE) {
                    throw new AssertionError(rule.path() + " enforces in " + known.namespace() + " but audits once the labels are unknown");
                }
                if (rule.actionFor(known) == EnforcementAction.ENFORCE && rule.strictestAction() != EnforcementAction.ENFORCE) {
                    throw new AssertionError(rule.path() + " enforces in " + known.namespace() + " but its strictest action audits");
                }
            }
        }
    }

    private static List<AdmissionSubject> subjects() {
        List<AdmissionSubject> subjects = new ArrayList<>();
        AdmissionSubject.UserInfo alice = new AdmissionSubject.UserInfo("alice", List.of("contractors-eu", "system:authenticated"));
        AdmissionSubject.UserInfo controller = new AdmissionSubject.UserInfo("system:serviceaccount:kube-system:replicaset-controller", List.of());
        for (String namespace : List.of("prod-eu", "prod-sandbox", "shop", "tools", "kube-system")) {
            for (Map<String, String> labels : List.of(Map.of("tier", "sandbox"), Map.of("tier", "prod", "signet.dev/exempt", ""), Map.<String, String>of())) {
                for (String operation : List.of("CREATE", "UPDATE")) {
                    subjects.add(new AdmissionSubject("Pod", namespace, labels, true,
                            Optional.of(new AdmissionSubject.ObjectMeta("v1", "debug-1", Map.of("team", "sre-eu"), Map.of("signet.dev/skip", "true"))),
                            Optional.of(operation), Optional.of(operation.equals("CREATE") ? alice : controller)));
                    subjects.add(new AdmissionSubject("Deployment", namespace, labels, true,
                            Optional.of(new AdmissionSubject.ObjectMeta("apps/v1", "web", Map.of(), Map.of())), Optional.of(operation), Optional.of(alice)));
                }
            }
        }
        return subjects;
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : List.of("kyverno-match-exclude.yaml", "kyverno-attestors.yaml", "signet-cluster-image-policy.yaml")) {
            for (JsonNode document : PolicyDocuments.read(Seeds.text("policies/" + name), name)) {
                seeds.add(document.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return seeds;
    }
}

package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The webhooks' matchConditions, evaluated with a CEL engine on AdmissionRequests as the API server builds them: a
 * request reaches the adapter only when every condition is true (issue 16, item 2). UPDATEs that change no image and
 * objects being deleted are filtered out; creations, image changes and kubectl debug are not; and no request shape
 * makes a condition err (an error would fail the request under the validating webhook's failurePolicy Fail).
 */
class MatchConditionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Cel CEL = new Cel("object", "oldObject", "request");

    /** What the API server does with a request, from its matchConditions. */
    enum Decision { SENT, SKIPPED, ERROR }

    static Stream<Arguments> webhooks() {
        List<Arguments> webhooks = new ArrayList<>();
        for (String kind : List.of("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")) {
            Manifests.deployed().ofKind(kind).forEach(c -> c.at("/webhooks").forEach(w -> webhooks.add(Arguments.of(kind, w))));
        }
        return webhooks.stream();
    }

    /** Both webhooks with the tekton component's patches applied, as an overlay using it deploys them. */
    static Stream<Arguments> tektonWebhooks() {
        Manifest component = Manifests.component(Manifests.K8S.resolve("components").resolve("tekton")).all().get(0);
        Manifests deployed = Manifests.deployed();
        List<Arguments> webhooks = new ArrayList<>();
        for (JsonNode entry : component.at("/patches")) {
            String kind = entry.at("/target/kind").asText();
            JsonNode patched = JsonPatch.apply(yaml(entry.path("patch").asText()), deployed.get(kind, entry.at("/target/name").asText()).body());
            patched.path("webhooks").forEach(w -> webhooks.add(Arguments.of(kind + " with the tekton component", w)));
        }
        return webhooks.stream();
    }

    private static JsonNode yaml(String text) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new AssertionError("parse patch: " + e.getMessage(), e);
        }
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("pod CREATE", create("", "pods", pod("registry.example.com/app:1")), Decision.SENT),
                Arguments.of("pod UPDATE of a label", update("", "pods", "", pod("registry.example.com/app:1"),
                        o -> ((ObjectNode) o.path("metadata")).putObject("labels").put("team", "a")), Decision.SKIPPED),
                Arguments.of("pod UPDATE of an image", update("", "pods", "", pod("registry.example.com/app:1"),
                        o -> image(o.at("/spec/containers/0"), "registry.example.com/app:2")), Decision.SENT),
                Arguments.of("kubectl debug: pods/ephemeralcontainers UPDATE", update("", "pods", "ephemeralcontainers",
                        pod("registry.example.com/app:1"), o -> ((ObjectNode) o.path("spec")).putArray("ephemeralContainers")
                                .addObject().put("name", "debugger").put("image", "busybox:1.36")), Decision.SENT),
                Arguments.of("pod being deleted (finalizer removed)", update("", "pods", "", deleting(pod("registry.example.com/app:1")),
                        o -> ((ObjectNode) o.path("metadata")).putArray("finalizers")), Decision.SKIPPED),
                Arguments.of("Deployment CREATE", create("apps", "deployments", workload("registry.example.com/app:1")), Decision.SENT),
                Arguments.of("Deployment scaled", update("apps", "deployments", "", workload("registry.example.com/app:1"),
                        o -> ((ObjectNode) o.path("spec")).put("replicas", 5)), Decision.SKIPPED),
                Arguments.of("Deployment rollout restart (template annotation)", update("apps", "deployments", "",
                        workload("registry.example.com/app:1"), o -> ((ObjectNode) o.at("/spec/template/metadata"))
                                .putObject("annotations").put("kubectl.kubernetes.io/restartedAt", "2026-01-01T00:00:00Z")), Decision.SKIPPED),
                Arguments.of("Deployment image changed", update("apps", "deployments", "", workload("registry.example.com/app:1"),
                        o -> image(o.at("/spec/template/spec/containers/0"), "registry.example.com/app:2")), Decision.SENT),
                Arguments.of("Deployment init container added", update("apps", "deployments", "", workload("registry.example.com/app:1"),
                        o -> ((ObjectNode) o.at("/spec/template/spec")).putArray("initContainers").addObject().put("name", "init")
                                .put("image", "registry.example.com/init:1")), Decision.SENT),
                Arguments.of("Deployment being deleted", update("apps", "deployments", "", deleting(workload("registry.example.com/app:1")),
                        o -> ((ObjectNode) o.path("spec")).put("replicas", 0)), Decision.SKIPPED),
                Arguments.of("Deployment whose container has no image yet", update("apps", "deployments", "",
                        workload("registry.example.com/app:1"), o -> ((ObjectNode) o.at("/spec/template/spec/containers/0")).remove("image")),
                        Decision.SENT),
                Arguments.of("StatefulSet UPDATE of an image", update("apps", "statefulsets", "", workload("registry.example.com/db:1"),
                        o -> image(o.at("/spec/template/spec/containers/0"), "registry.example.com/db:2")), Decision.SENT),
                Arguments.of("Job UPDATE of a label", update("batch", "jobs", "", workload("registry.example.com/job:1"),
                        o -> ((ObjectNode) o.path("metadata")).putObject("labels").put("run", "2")), Decision.SKIPPED),
                Arguments.of("CronJob CREATE", create("batch", "cronjobs", cronJob("registry.example.com/cron:1")), Decision.SENT),
                Arguments.of("CronJob schedule changed", update("batch", "cronjobs", "", cronJob("registry.example.com/cron:1"),
                        o -> ((ObjectNode) o.path("spec")).put("schedule", "*/5 * * * *")), Decision.SKIPPED),
                Arguments.of("CronJob image changed", update("batch", "cronjobs", "", cronJob("registry.example.com/cron:1"),
                        o -> image(o.at("/spec/jobTemplate/spec/template/spec/containers/0"), "registry.example.com/cron:2")), Decision.SENT),
                // kinds the tekton component adds (../components/tekton), judged by the webhooks with its patches
                Arguments.of("TaskRun CREATE", create("tekton.dev", "taskruns", taskRun("registry.example.com/task:1")), Decision.SENT),
                Arguments.of("TaskRun UPDATE of a label (Tekton's controller)", update("tekton.dev", "taskruns", "", taskRun("registry.example.com/task:1"),
                        o -> ((ObjectNode) o.path("metadata")).putObject("labels").put("run", "2")), Decision.SKIPPED),
                Arguments.of("TaskRun UPDATE of its finalizers", update("tekton.dev", "taskruns", "", taskRun("registry.example.com/task:1"),
                        o -> ((ObjectNode) o.path("metadata")).putArray("finalizers").add("chains.tekton.dev")), Decision.SKIPPED),
                Arguments.of("TaskRun cancelled (spec.status)", update("tekton.dev", "taskruns", "", taskRun("registry.example.com/task:1"),
                        o -> ((ObjectNode) o.path("spec")).put("status", "TaskRunCancelled")), Decision.SENT),
                Arguments.of("TaskRun being deleted", update("tekton.dev", "taskruns", "", deleting(taskRun("registry.example.com/task:1")),
                        o -> ((ObjectNode) o.path("metadata")).putArray("finalizers")), Decision.SKIPPED),
                Arguments.of("Pipeline UPDATE of a step image", update("tekton.dev", "pipelines", "", taskRun("registry.example.com/task:1"),
                        o -> image(o.at("/spec/taskSpec/steps/0"), "registry.example.com/task:2")), Decision.SENT));
    }

    /** A Tekton object with an inline step, as the tekton component sends it: no {@code spec.template}. */
    private static ObjectNode taskRun(String image) {
        ObjectNode run = JSON.createObjectNode().put("apiVersion", "tekton.dev/v1").put("kind", "TaskRun");
        run.putObject("metadata").put("name", "build").put("namespace", "ci");
        run.putObject("spec").putObject("taskSpec").putArray("steps").addObject().put("name", "build").put("image", image);
        return run;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void matchConditions_sendOnlyRequestsThatMayChangeWhatRuns(String name, JsonNode request, Decision expected) {
        // Tekton kinds reach only webhooks with the component; the component's condition must not change the others
        boolean tekton = request.at("/resource/group").asText().equals("tekton.dev");
        List<Arguments> judging = tekton ? tektonWebhooks().toList() : Stream.concat(webhooks(), tektonWebhooks()).toList();
        assertThat(judging).hasSize(tekton ? 2 : 4);
        for (Arguments webhook : judging) {
            assertThat(decide((JsonNode) webhook.get()[1], request)).as("%s: %s", webhook.get()[0], name).isEqualTo(expected);
        }
    }

    @Test
    void bothWebhooks_haveTheSameMatchConditions() {
        List<JsonNode> conditions = webhooks().map(a -> ((JsonNode) a.get()[1]).path("matchConditions")).toList();

        assertThat(conditions).hasSize(2);
        assertThat(conditions.get(0).size()).as("matchConditions").isPositive();
        assertThat(conditions.get(0)).as("validate and mutate filter the same requests").isEqualTo(conditions.get(1));
    }

    @Test
    void conditionCheck_aConditionThatErrs_isAnError_notASkip() {
        JsonNode webhook = JSON.createObjectNode().set("matchConditions", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("name", "reads-a-missing-field").put("expression", "object.spec.nothing == 1")));

        assertThat(decide(webhook, create("", "pods", pod("registry.example.com/app:1")))).isEqualTo(Decision.ERROR);
    }

    /** The API server's rule: any false condition skips the webhook; else any error fails by failurePolicy; else call. */
    static Decision decide(JsonNode webhook, JsonNode request) {
        Map<String, JsonNode> bindings = new LinkedHashMap<>();
        bindings.put("object", request.path("object"));
        bindings.put("oldObject", request.path("oldObject"));
        bindings.put("request", request);
        boolean erred = false;
        for (JsonNode condition : webhook.path("matchConditions")) {
            Cel.Outcome outcome = CEL.eval(condition.path("expression").asText(), bindings);
            if (outcome.error() != null) {
                erred = true;
            } else if (!outcome.isTrue()) {
                return Decision.SKIPPED;
            }
        }
        return erred ? Decision.ERROR : Decision.SENT;
    }

    private static JsonNode create(String group, String resource, ObjectNode object) {
        return request("CREATE", group, resource, "", object, null);
    }

    private static JsonNode update(String group, String resource, String subResource, ObjectNode old, Consumer<ObjectNode> change) {
        ObjectNode object = old.deepCopy();
        change.accept(object);
        return request("UPDATE", group, resource, subResource, object, old);
    }

    private static JsonNode request(String operation, String group, String resource, String subResource, ObjectNode object, ObjectNode old) {
        ObjectNode request = JSON.createObjectNode().put("uid", "705ab4f5-6393-11e8-b7cc-42010a800002").put("operation", operation);
        request.putObject("resource").put("group", group).put("version", "v1").put("resource", resource);
        if (!subResource.isEmpty()) {
            request.put("subResource", subResource);
        }
        request.set("object", object);
        request.set("oldObject", old == null ? JSON.nullNode() : old);
        return request;
    }

    private static ObjectNode pod(String image) {
        ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", "app").put("namespace", "team-a");
        ((ArrayNode) pod.putObject("spec").putArray("containers")).addObject().put("name", "app").put("image", image);
        return pod;
    }

    private static ObjectNode workload(String image) {
        ObjectNode workload = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        workload.putObject("metadata").put("name", "app").put("namespace", "team-a");
        ObjectNode spec = workload.putObject("spec").put("replicas", 2);
        spec.set("template", podTemplate(image));
        return workload;
    }

    private static ObjectNode cronJob(String image) {
        ObjectNode cronJob = JSON.createObjectNode().put("apiVersion", "batch/v1").put("kind", "CronJob");
        cronJob.putObject("metadata").put("name", "nightly").put("namespace", "team-a");
        ObjectNode spec = cronJob.putObject("spec").put("schedule", "0 3 * * *");
        spec.putObject("jobTemplate").putObject("spec").set("template", podTemplate(image));
        return cronJob;
    }

    private static ObjectNode podTemplate(String image) {
        ObjectNode template = JSON.createObjectNode();
        template.putObject("metadata").putObject("labels").put("app", "app");
        template.putObject("spec").putArray("containers").addObject().put("name", "app").put("image", image);
        return template;
    }

    private static ObjectNode deleting(ObjectNode object) {
        ((ObjectNode) object.path("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z").putArray("finalizers").add("example.com/cleanup");
        return object;
    }

    private static void image(JsonNode container, String image) {
        ((ObjectNode) container).put("image", image);
    }
}

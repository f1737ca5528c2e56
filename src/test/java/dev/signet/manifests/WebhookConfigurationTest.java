package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The webhook configurations as admission.md and issue 16 require them (scope, failure policies, install order), and
 * the chain from the API server to the pods: webhook -> Service 443 -> container port 8443 -> the HTTPS port the app
 * is told to open, with the certificate cert-manager writes.
 */
class WebhookConfigurationTest {
    private static final Manifests DEPLOYED = Manifests.deployed();
    /** The control plane's, Signet's, and those Signet depends on: cert-manager (its certificate) and Knative. */
    private static final Set<String> EXCLUDED_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease", "signet-system",
            "cert-manager", "knative-serving", "knative-eventing");
    private static final String OPT_OUT = "signet.dev/exclude";
    private static final String OPT_IN = "signet.dev/include";
    /** Pods (and kubectl debug's ephemeral containers) and every workload with a pod template (policy.md, Semantics 1). */
    private static final Set<String> RESOURCES = Set.of("/pods", "/pods/ephemeralcontainers", "apps/deployments", "apps/replicasets",
            "apps/statefulsets", "apps/daemonsets", "batch/jobs", "batch/cronjobs");

    static Stream<Arguments> webhooks() {
        List<Arguments> webhooks = new ArrayList<>();
        for (String kind : List.of("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")) {
            DEPLOYED.ofKind(kind).forEach(configuration -> configuration.at("/webhooks")
                    .forEach(webhook -> webhooks.add(Arguments.of(kind + " " + webhook.path("name").asText(), configuration, webhook))));
        }
        return webhooks.stream();
    }

    @Test
    void bothKinds_areConfigured() {
        assertThat(webhooks().map(a -> ((Manifest) a.get()[1]).kind()).distinct())
                .containsExactlyInAnyOrder("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webhooks")
    void webhook_validateFailsClosed_mutateIgnoresFailures_withinTenSeconds(String name, Manifest configuration, JsonNode webhook) {
        // validate enforces; mutate only pins digests, and validate sees its result, so a failing mutate call may pass
        assertThat(webhook.path("failurePolicy").asText()).as(name).isEqualTo(configuration.kind().startsWith("Validating") ? "Fail" : "Ignore");
        assertThat(webhook.path("timeoutSeconds").asInt()).as(name).isEqualTo(10);
        assertThat(webhook.path("sideEffects").asText()).as(name).isEqualTo("NoneOnDryRun");
        assertThat(webhook.path("admissionReviewVersions").toString()).as(name).isEqualTo("[\"v1\"]");
        assertThat(webhook.path("matchPolicy").asText()).as(name).isEqualTo("Equivalent");
        String reinvocation = webhook.path("reinvocationPolicy").asText();
        if (configuration.kind().startsWith("Mutating")) {
            assertThat(reinvocation).as(name).isEqualTo("IfNeeded");
        } else {
            assertThat(reinvocation).as("%s: reinvocation is for mutating webhooks", name).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webhooks")
    void webhook_skipsControlPlaneSignetAndItsDependencies_andOptedOutNamespaces(String name, Manifest configuration, JsonNode webhook) {
        JsonNode selector = webhook.path("namespaceSelector");
        assertThat(selector.path("matchLabels").isMissingNode()).as("%s: matchLabels would narrow it to labelled namespaces", name).isTrue();
        assertThat(selector.path("matchExpressions").size()).as(name).isEqualTo(2);

        assertThat(expression(selector, "kubernetes.io/metadata.name", "NotIn")).isEqualTo(EXCLUDED_NAMESPACES);
        assertThat(expression(selector, OPT_OUT, "NotIn")).as("%s: %s=true opts a namespace out", name, OPT_OUT).isEqualTo(Set.of("true"));
        assertThat(webhook.path("objectSelector").isMissingNode()).as("%s: no objectSelector (a label would opt a pod out)", name).isTrue();
    }

    @Test
    void optInComponent_narrowsBothWebhooksToLabelledNamespaces_keepingTheExclusions() {
        Path folder = Manifests.K8S.resolve("components").resolve("opt-in");
        Manifest component = Manifests.component(folder).all().get(0);
        assertThat(component.kind()).isEqualTo("Component");
        List<String> patched = new ArrayList<>();

        for (JsonNode entry : component.at("/patches")) {
            String kind = entry.at("/target/kind").asText();
            Manifest configuration = DEPLOYED.get(kind, entry.at("/target/name").asText());
            JsonNode result = JsonPatch.apply(yaml(entry.path("patch").asText()), configuration.body());
            for (JsonNode webhook : result.path("webhooks")) {
                JsonNode selector = webhook.path("namespaceSelector");
                assertThat(expression(selector, OPT_IN, "In")).as("%s %s", kind, folder).isEqualTo(Set.of("true"));
                assertThat(expression(selector, "kubernetes.io/metadata.name", "NotIn")).isEqualTo(EXCLUDED_NAMESPACES);
                assertThat(expression(selector, OPT_OUT, "NotIn")).isEqualTo(Set.of("true"));
            }
            patched.add(kind);
        }
        assertThat(patched).containsExactlyInAnyOrder("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");
    }

    /** The tekton component adds Tekton's four kinds, both versions, and a spec-change condition for them to both webhooks. */
    @Test
    void tektonComponent_addsTektonKindsToBothWebhooks_keepingPodsAndWorkloads() {
        Path folder = Manifests.K8S.resolve("components").resolve("tekton");
        Manifest component = Manifests.component(folder).all().get(0);
        assertThat(component.kind()).isEqualTo("Component");
        List<String> patched = new ArrayList<>();

        for (JsonNode entry : component.at("/patches")) {
            String kind = entry.at("/target/kind").asText();
            Manifest configuration = DEPLOYED.get(kind, entry.at("/target/name").asText());
            JsonNode result = JsonPatch.apply(yaml(entry.path("patch").asText()), configuration.body());
            for (JsonNode webhook : result.path("webhooks")) {
                Set<String> covered = new TreeSet<>();
                for (JsonNode rule : webhook.path("rules")) {
                    assertThat(texts(rule.path("operations"))).containsExactlyInAnyOrder("CREATE", "UPDATE");
                    for (String group : texts(rule.path("apiGroups"))) {
                        for (String version : texts(rule.path("apiVersions"))) {
                            texts(rule.path("resources")).forEach(resource -> covered.add(group + "/" + version + "/" + resource));
                        }
                    }
                }
                Set<String> expected = new TreeSet<>();
                RESOURCES.forEach(resource -> expected.add(resource.replaceFirst("/", "/v1/")));
                for (String version : List.of("v1", "v1beta1")) {
                    List.of("taskruns", "pipelineruns", "tasks", "pipelines").forEach(resource -> expected.add("tekton.dev/" + version + "/" + resource));
                }
                assertThat(covered).as("%s with %s", kind, folder).isEqualTo(expected);
                // the base conditions, then one that skips Tekton UPDATEs leaving the spec as it was
                JsonNode conditions = webhook.path("matchConditions");
                JsonNode base = configuration.body().at("/webhooks/0/matchConditions");
                assertThat(conditions.size()).isEqualTo(base.size() + 1);
                for (int i = 0; i < base.size(); i++) {
                    assertThat(conditions.get(i)).isEqualTo(base.get(i));
                }
                assertThat(conditions.get(base.size()).path("name").asText()).isEqualTo("tekton-update-changes-the-spec");
            }
            patched.add(kind);
        }
        assertThat(patched).containsExactlyInAnyOrder("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");
    }

    @Test
    void installOrder_webhooksAreAppliedOnTheirOwn_afterTheAdapter() {
        Set<Path> base = resources(Manifests.K8S);
        Set<Path> webhooks = resources(Manifests.K8S.resolve("webhooks"));

        assertThat(base).as("k8s/ alone never makes the API server call the adapter").noneMatch(file -> Manifests.read(file).stream()
                .anyMatch(m -> m.kind().endsWith("WebhookConfiguration")));
        assertThat(webhooks).isNotEmpty().allMatch(file -> Manifests.read(file).stream().allMatch(m -> m.kind().endsWith("WebhookConfiguration")));
        assertThat(DEPLOYED.ofKind("ValidatingWebhookConfiguration").map(m -> m.file().getParent()))
                .containsOnly(Manifests.K8S.resolve("webhooks"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webhooks")
    void webhook_coversPodsAndEveryPodOwningWorkload_onCreateAndUpdate(String name, Manifest configuration, JsonNode webhook) {
        Set<String> covered = new TreeSet<>();
        for (JsonNode rule : webhook.path("rules")) {
            assertThat(texts(rule.path("operations"))).as("%s operations", name).containsExactlyInAnyOrder("CREATE", "UPDATE");
            assertThat(texts(rule.path("apiVersions"))).as("%s apiVersions", name).containsExactly("v1");
            assertThat(rule.path("scope").asText("*")).as("%s scope", name).isIn("Namespaced", "*");
            for (String group : texts(rule.path("apiGroups"))) {
                texts(rule.path("resources")).forEach(resource -> covered.add(group + "/" + resource));
            }
        }
        assertThat(covered).as(name).isEqualTo(RESOURCES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webhooks")
    void webhook_callsTheAdapterServiceOnPort443_whichReachesTheAppsHttpsPort(String name, Manifest configuration, JsonNode webhook) {
        JsonNode target = webhook.at("/clientConfig/service");
        Manifest service = DEPLOYED.get("Service", target.path("name").asText());
        Manifest deployment = DEPLOYED.get("Deployment", "signet-admission");
        JsonNode container = deployment.containers().get(0);

        assertThat(webhook.at("/clientConfig/url").isMissingNode()).as(name).isTrue();
        assertThat(target.path("namespace").asText()).isEqualTo(service.namespace().orElseThrow());
        assertThat(target.path("port").asInt(443)).isEqualTo(443);
        JsonNode port = port(service, 443);
        assertThat(port.path("targetPort").asInt()).as("Service 443 -> the pods' 8443 (README: private GKE)").isEqualTo(8443);
        assertThat(selectorMatches(service.at("/spec/selector"), deployment.at("/spec/template/metadata/labels")))
                .as("Service %s selects the adapter's pods", service.name()).isTrue();
        JsonNode containerPort = containerPort(container, port.path("targetPort"));
        assertThat(containerPort.path("containerPort").asText()).as("the Service's targetPort is the app's HTTPS port")
                .isEqualTo(env(container, "QUARKUS_HTTP_SSL_PORT"));
        assertThat(env(container, "QUARKUS_HTTP_INSECURE_REQUESTS")).as("AdmissionReviews only over HTTPS").isEqualTo("disabled");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webhooks")
    void webhook_trustsTheCaOfTheCertificateTheAdapterServes(String name, Manifest configuration, JsonNode webhook) {
        String inject = configuration.at("/metadata/annotations").path("cert-manager.io/inject-ca-from").asText();
        String[] parts = inject.split("/");
        assertThat(parts).as("%s cert-manager.io/inject-ca-from is NAMESPACE/CERTIFICATE", name).hasSize(2);
        Manifest certificate = DEPLOYED.get("Certificate", parts[1]);
        assertThat(certificate.namespace()).contains(parts[0]);
        JsonNode target = webhook.at("/clientConfig/service");

        assertThat(texts(certificate.at("/spec/dnsNames")))
                .contains(target.path("name").asText() + "." + target.path("namespace").asText() + ".svc");
        Manifest deployment = DEPLOYED.get("Deployment", "signet-admission");
        JsonNode container = deployment.containers().get(0);
        String secret = certificate.at("/spec/secretName").asText();
        JsonNode volume = volumeForSecret(deployment, secret);
        String mountPath = mountPath(container, volume.path("name").asText());
        assertThat(env(container, "QUARKUS_HTTP_SSL_CERTIFICATE_FILES")).isEqualTo(mountPath + "/tls.crt");
        assertThat(env(container, "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES")).isEqualTo(mountPath + "/tls.key");
        assertThat(mountPath).isEqualTo("/etc/signet/tls");
    }

    /** The values of the one expression on {@code key} with {@code operator}. */
    private static Set<String> expression(JsonNode selector, String key, String operator) {
        List<JsonNode> found = new ArrayList<>();
        selector.path("matchExpressions").forEach(e -> {
            if (e.path("key").asText().equals(key) && e.path("operator").asText().equals(operator)) {
                found.add(e);
            }
        });
        assertThat(found).as("namespaceSelector expressions %s %s", key, operator).hasSize(1);
        return texts(found.get(0).path("values"));
    }

    private static Set<Path> resources(Path folder) {
        Set<Path> files = new TreeSet<>();
        Manifests.read(folder.resolve("kustomization.yaml")).get(0).at("/resources").forEach(r -> files.add(folder.resolve(r.asText())));
        return files;
    }

    private static JsonNode yaml(String text) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new AssertionError("parse patch: " + e.getMessage(), e);
        }
    }

    static Set<String> texts(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static String env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("value").asText();
            }
        }
        throw new AssertionError("container " + container.path("name").asText() + " has no env " + name);
    }

    private static JsonNode port(Manifest service, int number) {
        for (JsonNode port : service.at("/spec/ports")) {
            if (port.path("port").asInt() == number) {
                return port;
            }
        }
        throw new AssertionError(service + " has no port " + number);
    }

    private static JsonNode containerPort(JsonNode container, JsonNode target) {
        for (JsonNode port : container.path("ports")) {
            if (target.isInt() ? port.path("containerPort").asInt() == target.asInt() : port.path("name").asText().equals(target.asText())) {
                return port;
            }
        }
        throw new AssertionError("container " + container.path("name").asText() + " has no port " + target);
    }

    /** Whether a non-empty matchLabels selector selects {@code labels}. */
    static boolean selectorMatches(JsonNode selector, JsonNode labels) {
        if (selector.size() == 0) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> terms = selector.fields(); terms.hasNext();) {
            Map.Entry<String, JsonNode> term = terms.next();
            if (!labels.path(term.getKey()).asText().equals(term.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode volumeForSecret(Manifest deployment, String secret) {
        for (JsonNode volume : deployment.at("/spec/template/spec/volumes")) {
            if (volume.at("/secret/secretName").asText().equals(secret)) {
                return volume;
            }
        }
        throw new AssertionError(deployment + " mounts no volume of Secret " + secret);
    }

    private static String mountPath(JsonNode container, String volume) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("container " + container.path("name").asText() + " does not mount " + volume);
    }
}

package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who can reach Signet's endpoints (issue 16, item 9): every pod in signet-system is denied ingress unless a policy
 * lets it in; the adapter takes its HTTPS port from anyone (the API server has no pod identity to select) and nothing
 * else; the signer, the verifier and the audit sink take traffic only from Knative's activator and gateway.
 */
class NetworkPolicyTest {
    private static final Manifests DEPLOYED = Manifests.deployed();
    private static final String NETWORKING = "networking.k8s.io";

    @Test
    void signetSystem_deniesIngressByDefault() {
        Manifest deny = DEPLOYED.get("NetworkPolicy", "signet-default-deny-ingress");

        assertThat(deny.namespace()).contains("signet-system");
        assertThat(deny.at("/spec/podSelector").size()).as("selects every pod").isZero();
        assertThat(WebhookConfigurationTest.texts(deny.at("/spec/policyTypes"))).containsExactly("Ingress");
        assertThat(deny.at("/spec/ingress").isMissingNode()).as("no rule: nothing allowed").isTrue();
    }

    @Test
    void adapter_opensOnlyItsHttpsPort() {
        Manifest deployment = DEPLOYED.get("Deployment", "signet-admission");
        Manifest policy = selecting(deployment.at("/spec/template/metadata/labels"));
        JsonNode rules = policy.at("/spec/ingress");

        assertThat(rules.size()).isEqualTo(1);
        assertThat(rules.at("/0/from").isMissingNode()).as("the API server calls from outside the pod network").isTrue();
        assertThat(rules.at("/0/ports").size()).isEqualTo(1);
        assertThat(rules.at("/0/ports/0/port").asInt()).isEqualTo(deployment.containers().get(0).at("/ports/0/containerPort").asInt())
                .isEqualTo(8443);
    }

    @Test
    void knativeFunctions_takeTrafficOnlyFromKnativesActivatorAndGateway() {
        Manifest policy = DEPLOYED.get("NetworkPolicy", "signet-knative-functions");
        JsonNode selector = policy.at("/spec/podSelector/matchExpressions/0");
        Set<String> services = Set.copyOf(DEPLOYED.ofKind("serving.knative.dev", "Service").map(Manifest::name).toList());

        // Knative Serving labels every revision pod serving.knative.dev/service=<name>
        assertThat(selector.path("key").asText()).isEqualTo("serving.knative.dev/service");
        assertThat(selector.path("operator").asText()).isEqualTo("In");
        assertThat(WebhookConfigurationTest.texts(selector.path("values"))).isEqualTo(services);
        JsonNode rules = policy.at("/spec/ingress");
        assertThat(rules.size()).isEqualTo(1);
        assertThat(rules.at("/0/from").size()).isEqualTo(1);
        JsonNode namespaces = rules.at("/0/from/0/namespaceSelector/matchExpressions/0");
        assertThat(namespaces.path("key").asText()).isEqualTo("kubernetes.io/metadata.name");
        assertThat(WebhookConfigurationTest.texts(namespaces.path("values"))).contains("knative-serving").doesNotContain("signet-system", "default");
        assertThat(rules.at("/0/from/0/podSelector").isMissingNode()).isTrue();
    }

    @Test
    void everyPolicy_isAnIngressPolicyInSignetSystem() {
        List<Manifest> policies = DEPLOYED.ofKind(NETWORKING, "NetworkPolicy").toList();

        assertThat(policies).hasSizeGreaterThanOrEqualTo(3).allSatisfy(policy -> {
            assertThat(policy.namespace()).as("%s", policy).contains("signet-system");
            assertThat(WebhookConfigurationTest.texts(policy.at("/spec/policyTypes"))).as("%s: egress stays open (API server, registries)", policy)
                    .containsExactly("Ingress");
        });
    }

    private static Manifest selecting(JsonNode labels) {
        return DEPLOYED.ofKind(NETWORKING, "NetworkPolicy")
                .filter(p -> p.at("/spec/podSelector/matchLabels").size() > 0
                        && WebhookConfigurationTest.selectorMatches(p.at("/spec/podSelector/matchLabels"), labels))
                .findFirst().orElseThrow(() -> new AssertionError("no NetworkPolicy selects " + labels));
    }
}

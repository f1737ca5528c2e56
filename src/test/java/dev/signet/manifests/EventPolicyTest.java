package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.events.EventTypes;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Authenticated events (issue 16, item 10): with Knative's sender identity on, broker signet takes events only from
 * the senders the EventPolicies name, and only of the types each may send. Checked against the code: the types are
 * {@link EventTypes} constants, and every Trigger that feeds a Signet function may send back what the functions reply.
 */
class EventPolicyTest {
    private static final Manifests DEPLOYED = Manifests.deployed();
    private static final String EVENTING = "eventing.knative.dev";
    /** Requests Signet receives: nobody gets to send them by default (a CI pipeline is added by name, README). */
    private static final Set<String> REQUESTS = Set.of(EventTypes.IMAGE_PUSHED, EventTypes.ADMISSION_REQUESTED,
            EventTypes.IMAGE_VERIFICATION_REQUESTED);

    @Test
    void everyPolicy_protectsBrokerSignet_namesItsSendersWithTheirNamespace_andFiltersByType() {
        List<Manifest> policies = DEPLOYED.ofKind(EVENTING, "EventPolicy").toList();

        assertThat(policies).isNotEmpty();
        for (Manifest policy : policies) {
            assertThat(policy.apiVersion()).isEqualTo(EVENTING + "/v1alpha1");
            assertThat(policy.at("/spec/to").size()).as("%s: one target", policy).isEqualTo(1);
            assertThat(policy.at("/spec/to/0/ref/kind").asText()).isEqualTo("Broker");
            assertThat(policy.at("/spec/to/0/ref/name").asText()).isEqualTo("signet");
            assertThat(policy.at("/spec/from").size()).as("%s: senders", policy).isPositive();
            for (JsonNode from : policy.at("/spec/from")) {
                assertThat(from.has("sub")).as("%s: senders by reference, not by a subject pattern", policy).isFalse();
                // Knative builds system:serviceaccount:<ref.namespace>:<sa>: without the namespace the subject is wrong
                assertThat(from.at("/ref/namespace").asText()).as("%s: %s names its namespace", policy, from).isEqualTo("signet-system");
                assertThat(DEPLOYED.find(from.at("/ref/kind").asText(), from.at("/ref/name").asText()))
                        .as("%s: sender %s is in the manifests", policy, from).isPresent();
            }
            assertThat(types(policy)).as("%s: filtered to Signet's event types", policy).isNotEmpty().isSubsetOf(CodeScan.eventTypeConstants());
        }
    }

    @Test
    void pushes_comeOnlyFromTheSignersIngest_andAreImagePushedOnly() {
        Manifest pushes = DEPLOYED.get("EventPolicy", "signet-pushes");

        assertThat(senders(pushes)).containsExactly("SinkBinding signet-signer-ingest");
        assertThat(types(pushes)).containsExactly(EventTypes.IMAGE_PUSHED);
        assertThat(DEPLOYED.get("SinkBinding", "signet-signer-ingest").at("/spec/subject/name").asText()).isEqualTo("signet-signer");
    }

    @Test
    void adapterVerdicts_comeOnlyFromTheAdaptersBinding() {
        Manifest verdicts = DEPLOYED.get("EventPolicy", "signet-admission-verdicts");

        assertThat(senders(verdicts)).containsExactly("SinkBinding signet-admission-verdicts");
        assertThat(types(verdicts)).containsExactlyInAnyOrder(EventTypes.ADMISSION_ALLOWED, EventTypes.ADMISSION_DENIED);
    }

    @Test
    void replies_comeFromEveryTriggerToASignetFunction_andAreTheTypesSignetProduces() {
        Manifest replies = DEPLOYED.get("EventPolicy", "signet-function-replies");
        Set<String> signetServices = Set.of("signet-signer", "signet-verifier");
        Set<String> triggersToSignet = DEPLOYED.ofKind(EVENTING, "Trigger")
                .filter(t -> signetServices.contains(t.at("/spec/subscriber/ref/name").asText()))
                .map(t -> "Trigger " + t.name())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> produced = CodeScan.eventTypeConstants().stream()
                .filter(type -> type.startsWith("dev.signet.") && !REQUESTS.contains(type))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(senders(replies)).isEqualTo(triggersToSignet);
        assertThat(types(replies)).isEqualTo(produced).doesNotContainAnyElementsOf(REQUESTS);
    }

    @Test
    void nobodyMaySendRequestsButTheSignersIngest() {
        Set<String> allowed = new TreeSet<>();
        DEPLOYED.ofKind(EVENTING, "EventPolicy").forEach(policy -> allowed.addAll(types(policy)));

        assertThat(allowed).contains(EventTypes.IMAGE_PUSHED).doesNotContain(EventTypes.ADMISSION_REQUESTED, EventTypes.IMAGE_VERIFICATION_REQUESTED);
    }

    private static Set<String> senders(Manifest policy) {
        Set<String> senders = new TreeSet<>();
        policy.at("/spec/from").forEach(from -> senders.add(from.at("/ref/kind").asText() + " " + from.at("/ref/name").asText()));
        return senders;
    }

    @Test
    void everyPolicy_hasOneFilter_soItsTypesAreAlternatives() {
        // EventPolicy spec.filters must ALL match (Knative's EventPolicy API: "Filters ... which must all match"), so
        // two exact filters on type would refuse every event; the alternatives go into one "any"
        DEPLOYED.ofKind(EVENTING, "EventPolicy").forEach(policy ->
                assertThat(policy.at("/spec/filters").size()).as("%s: one filter", policy).isEqualTo(1));
    }

    /** The types a policy's one filter lets through: {@code exact} on type, or {@code any} of those. */
    private static Set<String> types(Manifest policy) {
        Set<String> types = new TreeSet<>();
        for (JsonNode filter : policy.at("/spec/filters")) {
            if (filter.has("any")) {
                assertThat(filter.fieldNames()).toIterable().as("%s: any alone", policy).containsExactly("any");
                filter.path("any").forEach(alternative -> types.add(exactType(policy, alternative)));
            } else {
                types.add(exactType(policy, filter));
            }
        }
        return types;
    }

    private static String exactType(Manifest policy, JsonNode filter) {
        assertThat(filter.fieldNames()).toIterable().as("%s: exact type filters", policy).containsExactly("exact");
        assertThat(filter.path("exact").fieldNames()).toIterable().containsExactly("type");
        return filter.at("/exact/type").asText();
    }
}

package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.app.EventsConfig;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code knative/} against the code: every Trigger to a Signet Service filters on a type a Funqy function consumes
 * (read from the compiled {@code @CloudEventMapping}s, so a renamed event type breaks this test), every consumed type
 * has such a Trigger, and the broker, autoscaling and sink binding are as knative/README.md describes them.
 */
class KnativeTest {
    private static final String SERVING = "serving.knative.dev";
    private static final String EVENTING = "eventing.knative.dev";
    private static final Manifests DEPLOYED = Manifests.deployed();

    /** A Trigger reduced to what routing depends on. */
    record Route(String trigger, String broker, JsonNode attributes, String subscriberKind, String subscriber) {
        String type() {
            return attributes.path("type").asText();
        }

        @Override
        public String toString() {
            return "Trigger " + trigger + " (" + type() + " -> " + subscriber + ")";
        }
    }

    private static List<Route> routes() {
        return DEPLOYED.ofKind(EVENTING, "Trigger").map(t -> new Route(t.name(), t.at("/spec/broker").asText(),
                t.at("/spec/filter/attributes"), t.at("/spec/subscriber/ref/kind").asText(), t.at("/spec/subscriber/ref/name").asText())).toList();
    }

    /** Knative Services that run Signet itself: the same image as the admission adapter. */
    private static Set<String> signetServices() {
        return DEPLOYED.ofKind(SERVING, "Service")
                .filter(s -> s.containers().stream().anyMatch(EndpointsTest::runsSignet))
                .map(Manifest::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void triggers_filterOnOneExactType_ofTheSignetBroker_toAKnativeServiceOfTheManifests() {
        Set<String> services = DEPLOYED.ofKind(SERVING, "Service").map(Manifest::name).collect(Collectors.toSet());
        assertThat(routes()).isNotEmpty();
        for (Route route : routes()) {
            assertThat(route.broker()).as("%s broker", route).isEqualTo("signet");
            assertThat(route.attributes().size()).as("%s filters on type alone: an empty filter would feed the functions their own replies", route)
                    .isEqualTo(1);
            assertThat(route.type()).as("%s type", route).isNotBlank();
            assertThat(route.subscriberKind()).as("%s subscriber kind", route).isEqualTo("Service");
            assertThat(services).as("%s subscriber", route).contains(route.subscriber());
        }
        assertThat(DEPLOYED.find("Broker", "signet")).isPresent();
    }

    @Test
    void triggerTypes_areEventTypesConstants_eachRoutedOnce() {
        Set<String> constants = CodeScan.eventTypeConstants();
        Map<String, List<String>> triggersByType = new TreeMap<>();
        routes().forEach(r -> triggersByType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r.trigger()));

        assertThat(triggersByType.keySet()).as("Trigger types (EventTypes: %s)", constants).isSubsetOf(constants);
        triggersByType.forEach((type, triggers) -> assertThat(triggers).as("Triggers for %s", type).hasSize(1));
    }

    @Test
    void triggersToSignet_areForTypesTheFunctionsConsume() {
        Map<String, String> consumed = CodeScan.consumedEventTypes();
        Set<String> signet = signetServices();

        List<String> unconsumed = routes().stream()
                .filter(r -> signet.contains(r.subscriber()) && !consumed.containsKey(r.type()))
                .map(Route::toString)
                .toList();

        assertThat(unconsumed).as("Triggers to %s for types no @Funq method consumes (consumed: %s)", signet, consumed.keySet()).isEmpty();
    }

    @Test
    void consumedTypes_eachHaveATriggerToASignetService() {
        Map<String, String> consumed = CodeScan.consumedEventTypes();
        Set<String> signet = signetServices();
        Set<String> routed = routes().stream().filter(r -> signet.contains(r.subscriber())).map(Route::type).collect(Collectors.toSet());

        assertThat(consumed).as("the functions (@Funq + @CloudEventMapping)").isNotEmpty();
        consumed.forEach((type, function) ->
                assertThat(routed).as("%s consumes %s: add a Trigger for it to knative/triggers.yaml", function, type).contains(type));
    }

    @Test
    void triggersToOtherSinks_carryTypesSignetProducesButDoesNotConsume() {
        Map<String, String> consumed = CodeScan.consumedEventTypes();
        Set<String> signet = signetServices();

        List<Route> elsewhere = routes().stream().filter(r -> !signet.contains(r.subscriber())).toList();

        assertThat(elsewhere).extracting(Route::type).as("audit Triggers")
                .contains("dev.signet.admission.denied.v1", "dev.signet.image.signing.failed.v1")
                .doesNotContainAnyElementsOf(consumed.keySet());
    }

    @Test
    void broker_retriesFiveTimesWithExponentialBackoff_thenDeadLettersToAServiceOfTheManifests() {
        JsonNode delivery = DEPLOYED.get("Broker", "signet").at("/spec/delivery");

        assertThat(delivery.path("retry").asInt()).isEqualTo(5);
        assertThat(delivery.path("backoffPolicy").asText()).isEqualTo("exponential");
        assertThat(delivery.path("backoffDelay").asText()).isEqualTo("PT1S");
        JsonNode sink = delivery.at("/deadLetterSink/ref");
        assertThat(sink.path("kind").asText()).isEqualTo("Service");
        assertThat(DEPLOYED.ofKind(SERVING, "Service").map(Manifest::name)).contains(sink.path("name").asText());
    }

    static Stream<Arguments> scaling() {
        return Stream.of(Arguments.of("signet-signer", "0"), Arguments.of("signet-verifier", "0"));
    }

    @ParameterizedTest(name = "{0} min-scale {1}")
    @MethodSource("scaling")
    void signetService_scalesAsDocumented(String name, String minScale) {
        Manifest service = DEPLOYED.get("Service", name);
        JsonNode annotations = service.at("/spec/template/metadata/annotations");

        assertThat(service.apiVersion()).isEqualTo(SERVING + "/v1");
        assertThat(annotations.path("autoscaling.knative.dev/min-scale").asText()).isEqualTo(minScale);
        int target = Integer.parseInt(annotations.path("autoscaling.knative.dev/target").asText());
        int concurrency = service.at("/spec/template/spec/containerConcurrency").asInt();
        assertThat(target).as("%s target", name).isPositive().isLessThanOrEqualTo(concurrency);
        assertThat(service.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo(name);
    }

    static Stream<Arguments> sinkBindings() {
        return Stream.of(Arguments.of("signet-signer-ingest", SERVING + "/v1", "Service", "signet-signer"),
                Arguments.of("signet-admission-verdicts", "apps/v1", "Deployment", "signet-admission"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sinkBindings")
    void sinkBinding_givesASenderOfSignetsEventsTheBrokerAsKSink(String name, String apiVersion, String kind, String subject) {
        Manifest binding = DEPLOYED.get("SinkBinding", name);

        assertThat(binding.at("/spec/subject/apiVersion").asText()).isEqualTo(apiVersion);
        assertThat(binding.at("/spec/subject/kind").asText()).isEqualTo(kind);
        assertThat(binding.at("/spec/subject/name").asText()).isEqualTo(subject);
        assertThat(DEPLOYED.find(kind, subject)).as("the bound %s is in the manifests", kind).isPresent();
        assertThat(binding.at("/spec/sink/ref/kind").asText()).isEqualTo("Broker");
        assertThat(binding.at("/spec/sink/ref/name").asText()).isEqualTo("signet");
        // signet.events.sink reads K_SINK; a hand-set value would override the binding's
        assertThat(CodeScan.deployed("signet.events.sink", "")).isEqualTo("${K_SINK:}");
        assertThat(DEPLOYED.get(kind, subject).containers().get(0).findValuesAsText("name")).doesNotContain("K_SINK", "SIGNET_EVENTS_SINK");
    }

    @Test
    void sinkToken_isReadWhereTheSinkBindingMountsKnativesOidcToken() throws NoSuchMethodException {
        // knative eventing pkg/apis/sources/v1/sinkbinding_lifecycle.go: volume oidc-token at /oidc, Secret key "token"
        Method file = EventsConfig.class.getMethod("sinkTokenFile");

        assertThat(file.getAnnotation(io.smallrye.config.WithName.class).value()).isEqualTo("sink-token-file");
        assertThat(file.getAnnotation(io.smallrye.config.WithDefault.class).value()).isEqualTo("/oidc/token");
        assertThat(CodeScan.deployed("signet.events.sink-token-file", null)).as("not moved by application.properties").isNull();
    }

    @Test
    void signer_servesTheDistributionIngestEndpoint() {
        assertThat(CodeScan.jaxRsEndpoints()).contains("POST /ingest/distribution");
    }
}

package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admission adapter stays available through node loss, drains, rollouts and memory pressure (issue 16, item 5):
 * two replicas that cannot share a node, a priority class, a PodDisruptionBudget that never blocks a drain on an
 * unhealthy pod, a shutdown that refuses no request, and JVM pools that fit under the memory limit.
 */
class AvailabilityTest {
    private static final Manifests DEPLOYED = Manifests.deployed();
    private static final Manifest ADAPTER = DEPLOYED.get("Deployment", "signet-admission");
    /** Thread stacks, GC structures, the C heap and class-data sharing: what the JVM uses besides its capped pools. */
    private static final long NATIVE_HEADROOM_MIB = 64;

    @Test
    void adapter_twoReplicas_neverOnOneNode_spreadOverZones() {
        JsonNode spec = ADAPTER.at("/spec/template/spec");
        JsonNode labels = ADAPTER.at("/spec/template/metadata/labels");

        assertThat(ADAPTER.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(ADAPTER.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).as("a rollout adds a pod before removing one").isZero();
        JsonNode byNode = constraint(spec, "kubernetes.io/hostname");
        assertThat(byNode.path("whenUnsatisfiable").asText()).as("two replicas never share a node").isEqualTo("DoNotSchedule");
        assertThat(byNode.path("maxSkew").asInt()).isEqualTo(1);
        assertThat(byNode.path("nodeTaintsPolicy").asText()).as("untolerated tainted nodes are no domain to balance against").isEqualTo("Honor");
        assertThat(WebhookConfigurationTest.selectorMatches(byNode.at("/labelSelector/matchLabels"), labels)).as("spread selects the adapter").isTrue();
        assertThat(constraint(spec, "topology.kubernetes.io/zone").path("whenUnsatisfiable").asText()).isEqualTo("ScheduleAnyway");
    }

    @Test
    void adapter_memoryRequestIsItsLimit_cpuReservedForVerdicts_jvmSizedForTwoCores() {
        JsonNode container = ADAPTER.at("/spec/template/spec/containers/0");
        JsonNode resources = container.path("resources");

        assertThat(resources.at("/requests/memory").asText()).as("never evicted first under memory pressure").isEqualTo(resources.at("/limits/memory").asText());
        assertThat(millicores(resources.at("/requests/cpu").asText())).as("CPU for the whole cluster's verdicts").isGreaterThanOrEqualTo(500);
        assertThat(resources.at("/limits/cpu").isMissingNode()).as("no CPU limit: throttling would stall verdicts").isTrue();
        assertThat(container.path("command").toString()).contains("-XX:ActiveProcessorCount=2");
    }

    /** A Kubernetes CPU quantity in millicores: {@code 500m}, {@code 1}, {@code 0.5}. */
    private static long millicores(String quantity) {
        return quantity.endsWith("m") ? Long.parseLong(quantity.substring(0, quantity.length() - 1))
                : Math.round(Double.parseDouble(quantity) * 1000);
    }

    @Test
    void servingCertificate_reloadedWithinMinutes_andTheCaKeepsItsKey() {
        JsonNode env = ADAPTER.at("/spec/template/spec/containers/0/env");
        String reload = "";
        for (JsonNode variable : env) {
            if (variable.path("name").asText().equals("QUARKUS_HTTP_SSL_CERTIFICATE_RELOAD_PERIOD")) {
                reload = variable.path("value").asText();
            }
        }
        assertThat(Duration.parse("PT" + reload.toUpperCase(Locale.ROOT))).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(5));
        assertThat(DEPLOYED.get("Certificate", "signet-ca").at("/spec/privateKey/rotationPolicy").asText())
                .as("a renewed CA with a new key would invalidate the caBundle of certificates issued before").isEqualTo("Never");
    }

    @Test
    void adapter_hasAPriorityClassOfTheManifests_aboveOrdinaryPods() {
        String name = ADAPTER.at("/spec/template/spec/priorityClassName").asText();
        Manifest priority = DEPLOYED.get("PriorityClass", name);

        assertThat(priority.at("/value").asLong()).as("above the default 0, below the system classes").isBetween(1L, 1_000_000_000L);
        assertThat(priority.at("/globalDefault").asBoolean(false)).isFalse();
    }

    @Test
    void budget_keepsOnePodThroughDrains_butNeverProtectsAnUnhealthyOne() {
        JsonNode labels = ADAPTER.at("/spec/template/metadata/labels");
        Manifest budget = DEPLOYED.ofKind("PodDisruptionBudget")
                .filter(p -> WebhookConfigurationTest.selectorMatches(p.at("/spec/selector/matchLabels"), labels))
                .findFirst().orElseThrow(() -> new AssertionError("no PodDisruptionBudget selects the adapter's pods"));

        assertThat(budget.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(budget.at("/spec/unhealthyPodEvictionPolicy").asText()).isEqualTo("AlwaysAllow");
    }

    @Test
    void shutdown_waitsForTheEndpointsToForgetThePod_thenDrainsRequests_withinTheGracePeriod() {
        JsonNode container = ADAPTER.containers().get(0);
        long preStop = container.at("/lifecycle/preStop/sleep/seconds").asLong();
        long delay = seconds(WebhookConfigurationTest.env(container, "QUARKUS_SHUTDOWN_DELAY"));
        long timeout = seconds(WebhookConfigurationTest.env(container, "QUARKUS_SHUTDOWN_TIMEOUT"));
        long grace = ADAPTER.at("/spec/template/spec/terminationGracePeriodSeconds").asLong(30);

        assertThat(preStop).as("preStop sleep").isPositive();
        assertThat(delay).as("Quarkus pre-shutdown delay (readiness down, still serving)").isPositive();
        assertThat(timeout).as("Quarkus waits for requests in flight").isGreaterThanOrEqualTo(10);
        assertThat(grace).as("terminationGracePeriodSeconds covers preStop + delay + timeout").isGreaterThan(preStop + delay + timeout);
        // quarkus.shutdown.delay is ignored unless the build-time switch is on (quarkus.io/guides/lifecycle)
        assertThat(CodeScan.APPLICATION.getProperty("quarkus.shutdown.delay-enabled")).isEqualTo("true");
    }

    static Stream<Arguments> jvmContainers() {
        return EndpointsTest.signetContainers().filter(arguments -> !EndpointsTest.isNative((JsonNode) arguments.get()[1]));
    }

    static Stream<Arguments> nativeContainers() {
        return EndpointsTest.signetContainers().filter(arguments -> EndpointsTest.isNative((JsonNode) arguments.get()[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nativeContainers")
    void nativeImage_cappedHeap_leavesRoomUnderTheMemoryLimit(String owner, JsonNode container) {
        long limit = mebibytes(container.at("/resources/limits/memory").asText());
        long requested = mebibytes(container.at("/resources/requests/memory").asText());
        List<String> heap = new ArrayList<>();
        container.path("command").forEach(argument -> {
            if (argument.asText().startsWith("-Xmx")) {
                heap.add(argument.asText().substring("-Xmx".length()));
            }
        });

        // without -Xmx a native image's heap may grow to 80 % of the node's memory, past the container's limit
        assertThat(heap).as("%s: the native heap is capped", owner).hasSize(1);
        long max = mebibytes(heap.get(0));
        assertThat(max + NATIVE_HEADROOM_MIB).as("%s: heap %d MiB + %d MiB native, under the %d MiB limit", owner, max, NATIVE_HEADROOM_MIB, limit)
                .isLessThanOrEqualTo(limit);
        assertThat(requested).as("%s: the request covers the heap", owner).isGreaterThanOrEqualTo(max);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jvmContainers")
    void jvm_heapAndCappedPools_leaveRoomUnderTheMemoryLimit(String owner, JsonNode container) {
        Map<String, String> flags = flags(container);
        long limit = mebibytes(container.at("/resources/limits/memory").asText());
        long requested = mebibytes(container.at("/resources/requests/memory").asText());

        assertThat(flags).as("%s: every JVM pool is capped", owner)
                .containsKeys("MaxRAMPercentage", "MaxMetaspaceSize", "MaxDirectMemorySize", "ReservedCodeCacheSize");
        long heap = limit * Long.parseLong(flags.get("MaxRAMPercentage")) / 100;
        long pools = heap + mebibytes(flags.get("MaxMetaspaceSize")) + mebibytes(flags.get("MaxDirectMemorySize"))
                + mebibytes(flags.get("ReservedCodeCacheSize"));
        assertThat(pools + NATIVE_HEADROOM_MIB).as("%s: heap %d MiB + capped pools + %d MiB native, under the %d MiB limit", owner, heap,
                NATIVE_HEADROOM_MIB, limit).isLessThanOrEqualTo(limit);
        assertThat(requested).as("%s: the request covers the heap", owner).isGreaterThanOrEqualTo(heap);
    }

    @Test
    void heapCheck_aHeapThatFillsTheLimit_isRefused() {
        // the check above, on the old sizing (75 % of 512 MiB): 384 + 128 + 64 + 48 + 64 > 512
        long limit = 512;
        long pools = limit * 75 / 100 + 128 + 64 + 48;
        assertThat(pools + NATIVE_HEADROOM_MIB).isGreaterThan(limit);
    }

    private static JsonNode constraint(JsonNode spec, String topologyKey) {
        for (JsonNode constraint : spec.path("topologySpreadConstraints")) {
            if (constraint.path("topologyKey").asText().equals(topologyKey)) {
                return constraint;
            }
        }
        throw new AssertionError("no topologySpreadConstraint on " + topologyKey);
    }

    /** {@code -XX:Name=value} flags of the container's command. */
    private static Map<String, String> flags(JsonNode container) {
        Map<String, String> flags = new HashMap<>();
        Pattern flag = Pattern.compile("-XX:(\\w+)=(\\S+)");
        List<String> command = new ArrayList<>();
        container.path("command").forEach(c -> command.add(c.asText()));
        for (String argument : command) {
            Matcher matcher = flag.matcher(argument);
            if (matcher.matches()) {
                flags.put(matcher.group(1), matcher.group(2));
            }
        }
        return flags;
    }

    /** {@code 640Mi}, {@code 1Gi}, {@code 128m} (a JVM size) in MiB. */
    static long mebibytes(String quantity) {
        Matcher matcher = Pattern.compile("(\\d+)(Mi|Gi|m|g|M|G)").matcher(quantity);
        if (!matcher.matches()) {
            throw new AssertionError("read memory quantity " + quantity + ": expected a number and Mi, Gi, m or g");
        }
        long value = Long.parseLong(matcher.group(1));
        return matcher.group(2).equalsIgnoreCase("g") || matcher.group(2).equals("Gi") ? value * 1024 : value;
    }

    private static long seconds(String duration) {
        assertThat(duration).matches("\\d+s");
        return Long.parseLong(duration.substring(0, duration.length() - 1));
    }
}

package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which images an UPDATE brings: per container name and list, in pods and in every workload's pod template. */
class ImageChangesTest {

    static Stream<Arguments> updates() {
        return Stream.of(
                Arguments.of("labels only", "Pod", "{containers: [{name: a, image: 'r/a:1'}]}", "{containers: [{name: a, image: 'r/a:1'}]}", List.of()),
                Arguments.of("containers reordered", "Pod", "{containers: [{name: a, image: 'r/a:1'}, {name: b, image: 'r/b:1'}]}",
                        "{containers: [{name: b, image: 'r/b:1'}, {name: a, image: 'r/a:1'}]}", List.of()),
                Arguments.of("image changed", "Pod", "{containers: [{name: a, image: 'r/a:1'}]}", "{containers: [{name: a, image: 'r/a:2'}]}",
                        List.of("/spec/containers/0/image")),
                Arguments.of("image moved to another container", "Pod", "{containers: [{name: a, image: 'r/a:1'}, {name: b, image: 'r/b:1'}]}",
                        "{containers: [{name: a, image: 'r/a:1'}, {name: b, image: 'r/a:1'}]}", List.of("/spec/containers/1/image")),
                Arguments.of("same name in another list", "Pod", "{initContainers: [{name: a, image: 'r/a:1'}], containers: [{name: b, image: 'r/b:1'}]}",
                        "{containers: [{name: a, image: 'r/a:1'}, {name: b, image: 'r/b:1'}]}", List.of("/spec/containers/0/image")),
                Arguments.of("ephemeral container added (kubectl debug)", "Pod", "{containers: [{name: a, image: 'r/a:1'}]}",
                        "{containers: [{name: a, image: 'r/a:1'}], ephemeralContainers: [{name: debugger, image: 'r/a:1'}]}",
                        List.of("/spec/ephemeralContainers/0/image")),
                Arguments.of("pinned digest dropped", "Pod", "{containers: [{name: a, image: 'r/a:1@sha256:" + "a".repeat(64) + "'}]}",
                        "{containers: [{name: a, image: 'r/a:1'}]}", List.of("/spec/containers/0/image")),
                Arguments.of("unnamed containers by position", "Pod", "{containers: [{image: 'r/a:1'}, {image: 'r/b:1'}]}",
                        "{containers: [{image: 'r/b:1'}, {image: 'r/a:1'}]}", List.of("/spec/containers/0/image", "/spec/containers/1/image")),
                Arguments.of("CronJob template unchanged", "CronJob", "{containers: [{name: a, image: 'r/a:1'}]}", "{containers: [{name: a, image: 'r/a:1'}]}",
                        List.of()),
                Arguments.of("Deployment init container changed", "Deployment", "{initContainers: [{name: i, image: 'r/i:1'}], containers: [{name: a, image: 'r/a:1'}]}",
                        "{initContainers: [{name: i, image: 'r/i:2'}], containers: [{name: a, image: 'r/a:1'}]}",
                        List.of("/spec/template/spec/initContainers/0/image")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void changed_keepsOnlyTheImagesNewAtTheirPlace(String name, String kind, String before, String after, List<String> expected) {
        List<PodSpecs.ContainerImage> changed = ImageChanges.changed(PodSpecs.images(kind, object(kind, after)), PodSpecs.images(kind, object(kind, before)));

        assertThat(changed).extracting(PodSpecs.ContainerImage::pointer).containsExactlyElementsOf(expected);
    }

    @Test
    void between_atTheMutatingWebhook_putsATagReappliedOverItsPinBack_andOnlyThere() {
        String pinned = "r/a:1@sha256:" + "a".repeat(64);
        List<PodSpecs.ContainerImage> before = PodSpecs.images("Pod", object("Pod", "{containers: [{name: a, image: '" + pinned + "'}, "
                + "{name: b, image: 'r/b:1@not-a-digest'}]}"));
        List<PodSpecs.ContainerImage> now = PodSpecs.images("Pod", object("Pod", "{containers: [{name: a, image: 'r/a:1'}, {name: b, image: 'r/b:1'}]}"));

        ImageChanges.Changes mutating = ImageChanges.between(now, before, AdmissionPhase.MUTATING);
        ImageChanges.Changes validating = ImageChanges.between(now, before, AdmissionPhase.VALIDATING);

        assertThat(mutating.repins()).containsExactly(new Verdict.JsonPatchOperation("replace", "/spec/containers/0/image", pinned));
        assertThat(mutating.changed()).extracting(PodSpecs.ContainerImage::pointer).as("what was stored is no digest").containsExactly("/spec/containers/1/image");
        assertThat(validating.repins()).isEmpty();
        assertThat(validating.changed()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deletions")
    void beingDeleted_onlyFromAStoredDeletionTimestamp(String name, String metadata, boolean expected) {
        assertThat(ImageChanges.beingDeleted(read("{metadata: " + metadata + "}"))).isEqualTo(expected);
    }

    static Stream<Arguments> deletions() {
        return Stream.of(
                Arguments.of("deletionTimestamp set", "{name: web, deletionTimestamp: '2026-12-02T12:00:00Z'}", true),
                Arguments.of("no deletionTimestamp", "{name: web}", false),
                Arguments.of("null deletionTimestamp", "{name: web, deletionTimestamp: null}", false),
                Arguments.of("empty deletionTimestamp", "{name: web, deletionTimestamp: ''}", false));
    }

    private static JsonNode object(String kind, String podSpec) {
        String spec = switch (kind) {
            case "Pod" -> podSpec;
            case "CronJob" -> "{jobTemplate: {spec: {template: {spec: " + podSpec + "}}}}";
            default -> "{template: {spec: " + podSpec + "}}";
        };
        return read("{kind: " + kind + ", metadata: {name: web}, spec: " + spec + "}");
    }

    private static JsonNode read(String yaml) {
        try {
            return Json.yaml().readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

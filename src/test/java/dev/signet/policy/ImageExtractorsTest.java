package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kyverno's {@code imageExtractors} (pkg/utils/api/image.go@111e07bb): Kyverno's own conformance cases (the
 * {@code verify-images_imageExtractors-*} policies of the corpus over the Task of their chainsaw tests), then each
 * rule of the extraction: {@code /*}/ over lists and maps, the default {@code value}, {@code key}, {@code jmesPath},
 * what yields no image and what is an error.
 */
class ImageExtractorsTest {
    /** The Task of Kyverno's imageExtractors chainsaw tests (badtask.yaml, task.yaml). */
    private static final String TASK = """
            apiVersion: tekton.dev/v1beta1
            kind: Task
            metadata:
              name: example-task-name
            spec:
              steps:
                - name: ubuntu-example
                  image: public.ecr.aws/docker/library/ubuntu:bionic
            """;

    private static JsonNode object(String yaml) {
        return PolicyDocuments.read(yaml, "object.yaml").get(0);
    }

    private static ImageRule corpusRule(String file) {
        return Policies.compile(Policies.resource("kyverno-tests/verify-images_imageExtractors-" + file + ".yaml")).rules().get(0);
    }

    static Stream<Arguments> kyvernoCases() {
        return Stream.of(
                Arguments.of(Named.of("simple: path /spec/steps/*/image", "simple"), "/spec/steps/0/image"),
                Arguments.of(Named.of("complex: path /spec/steps/*, value image, key name", "complex"), "ubuntu-example"),
                Arguments.of(Named.of("complex-keyless: as simple, keyless attestor", "complex-keyless"), "/spec/steps/0/image"));
    }

    @ParameterizedTest
    @MethodSource("kyvernoCases")
    void kyvernoCorpus_taskStepImage_isExtractedWithItsPointer(String file, String named) {
        ImageRule rule = corpusRule(file);

        List<PodSpecs.ContainerImage> images = rule.extractorsFor("Task").images("Task", object(TASK));

        assertThat(images).containsExactly(new PodSpecs.ContainerImage("public.ecr.aws/docker/library/ubuntu:bionic", named, "/spec/steps/0/image"));
        assertThat(LoadReport.of(Policies.compile(Policies.resource("kyverno-tests/verify-images_imageExtractors-" + file + ".yaml"))).looser())
                .noneSatisfy(line -> assertThat(line).contains("imageExtractors"));
    }

    @Test
    void kyvernoCorpus_none_noExtractorForTheKind_readsThePodSpecWhichATaskHasNot() {
        ImageRule rule = corpusRule("none");

        assertThat(rule.extractorsFor("Task").podSpecs()).isTrue();
        assertThat(rule.extractorsFor("Task").images("Task", object(TASK))).isEmpty();
    }

    @Test
    void extractorsForOneKind_leaveOtherKindsToTheirPodSpec() {
        ImageRule rule = corpusRule("simple");

        assertThat(rule.extractorsFor("Pod")).isSameAs(ImageExtractors.POD_SPECS);
        assertThat(rule.extractorsFor("Pod").images("Pod", object("kind: Pod\nspec: {containers: [{name: a, image: 'r.example/a:1'}]}\n")))
                .extracting(PodSpecs.ContainerImage::pointer).containsExactly("/spec/containers/0/image");
    }

    private static ImageExtractors extractors(String list) {
        String policy = """
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: x}
                spec:
                  rules:
                  - name: r
                    match: {any: [{resources: {kinds: [Thing]}}]}
                    imageExtractors:
                      Thing: %s
                    verifyImages:
                    - imageReferences: ['*']
                      attestors: [{entries: [{keys: {publicKeys: 'k8s://a/b', rekor: {ignoreTlog: true}}}]}]
                """.formatted(list);
        return Policies.compile(policy).rules().get(0).extractorsFor("Thing");
    }

    @Test
    void wildcard_walksMapValues_andEscapesTheirKeysInThePointer() {
        ImageExtractors byName = extractors("[{path: /spec/images/*/ref, key: id}]");

        List<PodSpecs.ContainerImage> images = byName.images("Thing", object("""
                spec:
                  images:
                    main: {id: m, ref: 'r.example/main:1'}
                    a/b~c: {id: s, ref: 'r.example/side:1'}
                """));

        assertThat(images).containsExactly(new PodSpecs.ContainerImage("r.example/main:1", "m", "/spec/images/main/ref"),
                new PodSpecs.ContainerImage("r.example/side:1", "s", "/spec/images/a~1b~0c/ref"));
    }

    @Test
    void nestedWildcards_walkListsOfLists() {
        List<PodSpecs.ContainerImage> images = extractors("[{path: '/spec/tasks/*/steps/*/image'}]").images("Thing", object("""
                spec:
                  tasks:
                  - steps: [{image: 'r.example/a:1'}, {image: 'r.example/b:1'}]
                  - steps: [{image: 'r.example/c:1'}]
                """));

        assertThat(images).extracting(PodSpecs.ContainerImage::pointer)
                .containsExactly("/spec/tasks/0/steps/0/image", "/spec/tasks/0/steps/1/image", "/spec/tasks/1/steps/0/image");
    }

    @Test
    void missingPath_blankOrNonStringValue_yieldNoImage() {
        ImageExtractors steps = extractors("[{path: '/spec/steps/*', value: image}]");

        assertThat(steps.images("Thing", object("spec: {}\n"))).isEmpty();
        assertThat(steps.images("Thing", object("spec: {steps: [{image: ' '}, {image: 3}, {name: none}]}\n"))).isEmpty();
    }

    @Test
    void jmesPath_rewritesTheImage_whichIsThenNeverPinned() {
        ImageExtractors prefixed = extractors("[{path: '/spec/steps/*/ref', jmesPath: \"trim_prefix(@, 'docker://')\"}]");

        List<PodSpecs.ContainerImage> images = prefixed.images("Thing", object("spec: {steps: [{ref: 'docker://r.example/a:1'}, {ref: 'r.example/b:1'}]}\n"));

        assertThat(images).containsExactly(new PodSpecs.ContainerImage("r.example/a:1", "/spec/steps/0/ref", ""),
                new PodSpecs.ContainerImage("r.example/b:1", "/spec/steps/1/ref", "/spec/steps/1/ref"));
    }

    @Test
    void errors_asInKyverno_wildcardOverAString_keyNotAString_noExtractors() {
        assertThatThrownBy(() -> extractors("[{path: '/spec/steps/*/image'}]").images("Thing", object("spec: {steps: text}\n")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("rules[0].imageExtractors.Thing[0]").hasMessageContaining("/spec/steps")
                .hasMessageContaining("neither a list nor a map");
        assertThatThrownBy(() -> extractors("[{path: '/spec/steps/*', value: image, key: name}]").images("Thing",
                object("spec: {steps: [{image: 'r.example/a:1'}]}\n")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("/spec/steps/0/name").hasMessageContaining("key");
        assertThatThrownBy(() -> extractors("[]").images("Thing", object("spec: {}\n")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("no extractors");
    }

    @Test
    void compile_refusesAJmesPathSignetCannotEvaluate_andAPathWithNoField() {
        assertThatThrownBy(() -> extractors("[{path: /spec/x, jmesPath: 'no_such_function(@)'}]"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("rules[0].imageExtractors.Thing[0].jmesPath");
        assertThatThrownBy(() -> extractors("[{path: /}]"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("rules[0].imageExtractors.Thing[0].path names no field");
    }
}

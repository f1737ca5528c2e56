package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import org.junit.jupiter.api.Test;

/** Every image a pod can run: containers of all three kinds and image volumes (Kubernetes 1.31+ ImageVolume). */
class PodSpecsTest {

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void images_blankImage_isNotAnImage_asKyvernoSkipsIt() {
        // OpenShift's image trigger placeholder, from Kyverno's conformance test verify-images/.../empty-image/resource.yaml
        JsonNode deployment = json("{'spec': {'template': {'spec': {'containers': [{'name': 'httpd', 'image': ' '},"
                + " {'name': 'empty', 'image': ''}, {'name': 'tabs', 'image': '\\t\\u00a0\\u3000'}, {'name': 'app', 'image': 'registry.test/app:v1'}],"
                + " 'volumes': [{'name': 'v', 'image': {'reference': '  '}}]}}}}");

        assertThat(PodSpecs.images("Deployment", deployment)).extracting(PodSpecs.ContainerImage::container).containsExactly("app");
    }

    @Test
    void images_controlCharacterImage_isAnImageStill() {
        // not white space to Go's strings.TrimSpace: Kyverno tries to parse it, and Signet fails it as unparseable
        JsonNode pod = json("{'spec': {'containers': [{'name': 'odd', 'image': '\\u001c'}]}}");

        assertThat(PodSpecs.images("Pod", pod)).extracting(PodSpecs.ContainerImage::container).containsExactly("odd");
    }

    @Test
    void images_imageVolume_isExtractedWithThePointerOfItsReference() {
        JsonNode pod = json("{'spec': {'containers': [{'name': 'app', 'image': 'registry.test/app:v1'}],"
                + " 'volumes': [{'name': 'config', 'configMap': {'name': 'c'}},"
                + " {'name': 'models', 'image': {'reference': 'registry.test/models:v2', 'pullPolicy': 'IfNotPresent'}}]}}");

        assertThat(PodSpecs.images("Pod", pod)).containsExactly(
                new PodSpecs.ContainerImage("registry.test/app:v1", "app", "/spec/containers/0/image"),
                new PodSpecs.ContainerImage("registry.test/models:v2", "models", "/spec/volumes/1/image/reference"));
    }

    @Test
    void images_imageVolumeInACronJobTemplate_isExtracted() {
        JsonNode cronJob = json("{'spec': {'jobTemplate': {'spec': {'template': {'spec': {'containers': [],"
                + " 'volumes': [{'name': 'data', 'image': {'reference': 'registry.test/data@sha256:"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'}}]}}}}}}");

        assertThat(PodSpecs.images("CronJob", cronJob)).singleElement()
                .extracting(PodSpecs.ContainerImage::pointer).isEqualTo("/spec/jobTemplate/spec/template/spec/volumes/0/image/reference");
    }

    @Test
    void images_imageVolumeWithoutReference_isLeftToTheApiServer() {
        JsonNode pod = json("{'spec': {'containers': [], 'volumes': [{'name': 'empty', 'image': {}}]}}");

        assertThat(PodSpecs.images("Pod", pod)).isEmpty();
    }

    @Test
    void images_malformedVolumes_areRefusedNotSkipped() {
        assertThatExceptionOfType(PolicyException.class)
                .isThrownBy(() -> PodSpecs.images("Pod", json("{'spec': {'volumes': {'name': 'x'}}}")))
                .withMessageContaining("/spec/volumes is not a list");
        assertThatExceptionOfType(PolicyException.class)
                .isThrownBy(() -> PodSpecs.images("Pod", json("{'spec': {'volumes': [{'name': 'x', 'image': {'reference': 7}}]}}")))
                .withMessageContaining("/spec/volumes/0/image/reference is not a string");
    }
}

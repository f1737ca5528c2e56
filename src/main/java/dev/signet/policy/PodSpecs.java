package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds every container image of a Pod or of a workload's pod template: {@code containers}, {@code initContainers}
 * and {@code ephemeralContainers}, each with the JSON Pointer of its {@code image} field for the digest patch.
 */
public final class PodSpecs {
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");
    // where the pod spec lives in each kind that has one (policy.md, Semantics 1)
    private static final Map<String, List<String>> POD_SPEC_PATHS = Map.of(
            "Pod", List.of("spec"),
            "Deployment", List.of("spec", "template", "spec"),
            "ReplicaSet", List.of("spec", "template", "spec"),
            "StatefulSet", List.of("spec", "template", "spec"),
            "DaemonSet", List.of("spec", "template", "spec"),
            "Job", List.of("spec", "template", "spec"),
            "ReplicationController", List.of("spec", "template", "spec"),
            "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"));

    private PodSpecs() {
    }

    /** One container's image as written, with where it is. */
    public record ContainerImage(String image, String container, String pointer) {
    }

    /** Whether objects of this kind carry a pod spec. */
    public static boolean hasPodSpec(String kind) {
        return POD_SPEC_PATHS.containsKey(kind);
    }

    static boolean isWorkloadKind(String kind) {
        return hasPodSpec(kind) && !"Pod".equals(kind);
    }

    /**
     * The images of the object, in document order; empty for kinds without a pod spec.
     *
     * @throws PolicyException when the pod spec is there but malformed (a container list that is not a list, an image that is not a string)
     */
    public static List<ContainerImage> images(String kind, JsonNode object) {
        List<String> path = POD_SPEC_PATHS.get(kind);
        if (path == null || object == null || object.isNull() || object.isMissingNode()) {
            return List.of();
        }
        JsonNode spec = object;
        StringBuilder pointer = new StringBuilder();
        for (String field : path) {
            spec = spec.path(field);
            pointer.append('/').append(field);
        }
        if (spec.isMissingNode() || spec.isNull()) {
            return List.of();
        }
        if (!spec.isObject()) {
            throw new PolicyException("read pod spec", kind, pointer + " is not an object");
        }
        List<ContainerImage> images = new ArrayList<>();
        for (String list : CONTAINER_LISTS) {
            JsonNode containers = spec.path(list);
            if (containers.isMissingNode() || containers.isNull()) {
                continue;
            }
            if (!containers.isArray()) {
                throw new PolicyException("read pod spec", kind, pointer + "/" + list + " is not a list");
            }
            for (int i = 0; i < containers.size(); i++) {
                JsonNode image = containers.get(i).path("image");
                String at = pointer + "/" + list + "/" + i + "/image";
                if (image.isMissingNode() || image.isNull()) {
                    continue; // an image-less container is the API server's to reject, not a signature question
                }
                if (!image.isTextual()) {
                    throw new PolicyException("read pod spec", kind, at + " is not a string");
                }
                String name = Optional.ofNullable(containers.get(i).path("name").textValue()).orElse(list + "[" + i + "]");
                images.add(new ContainerImage(image.textValue(), name, at));
            }
        }
        return images;
    }
}

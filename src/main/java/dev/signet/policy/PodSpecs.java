package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds every image of a Pod or of a workload's pod template: {@code containers}, {@code initContainers} and
 * {@code ephemeralContainers}, then image volumes ({@code volumes[].image.reference}, Kubernetes 1.31+ ImageVolume),
 * each with the JSON Pointer of its field for the digest patch. An image volume is mounted from a registry like a
 * container's image, so it is verified like one; Kyverno's default extractors do not read it.
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

    /**
     * One image as written, with where it is.
     *
     * @param container the container's name, or the volume's for an image volume
     */
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
                if (blank(image.textValue())) {
                    continue;
                }
                String name = Optional.ofNullable(containers.get(i).path("name").textValue()).orElse(list + "[" + i + "]");
                images.add(new ContainerImage(image.textValue(), name, at));
            }
        }
        imageVolumes(kind, spec, pointer.toString(), images);
        return images;
    }

    private static void imageVolumes(String kind, JsonNode spec, String pointer, List<ContainerImage> images) {
        JsonNode volumes = spec.path("volumes");
        if (volumes.isMissingNode() || volumes.isNull()) {
            return;
        }
        if (!volumes.isArray()) {
            throw new PolicyException("read pod spec", kind, pointer + "/volumes is not a list");
        }
        for (int i = 0; i < volumes.size(); i++) {
            JsonNode reference = volumes.get(i).path("image").path("reference");
            String at = pointer + "/volumes/" + i + "/image/reference";
            if (reference.isMissingNode() || reference.isNull()) {
                continue; // not an image volume, or one without a reference, which the API server rejects
            }
            if (!reference.isTextual()) {
                throw new PolicyException("read pod spec", kind, at + " is not a string");
            }
            if (blank(reference.textValue())) {
                continue;
            }
            String name = Optional.ofNullable(volumes.get(i).path("name").textValue()).orElse("volumes[" + i + "]");
            images.add(new ContainerImage(reference.textValue(), name, at));
        }
    }

    /**
     * Whether an image field holds no image: empty or white space only, as Go's {@code strings.TrimSpace} sees it. OpenShift
     * writes {@code ' '} into a workload's template for an image trigger to fill in later; Kyverno's image extraction
     * skips such a value ("the image may not be present", kyverno pkg/utils/api/image.go@111e07bb, line 111), and so
     * does Signet. It is safe: the API server refuses a Pod whose image is blank or has white space around it, so the
     * template must be changed, and admitted again, before anything runs from it.
     */
    static boolean blank(String image) {
        return image.codePoints().allMatch(PodSpecs::goSpace);
    }

    /** Go's {@code unicode.IsSpace}: Latin-1 white space, then the Unicode White_Space code points above it. */
    private static boolean goSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200A;
        };
    }
}

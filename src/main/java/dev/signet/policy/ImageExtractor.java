package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.signet.SignetException;
import dev.signet.conditions.ConditionsEvaluator;
import dev.signet.conditions.ConditionsException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a Kyverno rule's {@code imageExtractors} (kyverno api/kyverno/v1 ImageExtractorConfig): where images
 * are in an object of a kind no built-in extractor reads, such as a Tekton {@code Task}. The semantics follow
 * Kyverno's {@code extract} (pkg/utils/api/image.go@111e07bb): the {@code path} is split at {@code /}, a {@code *}
 * segment walks every item of a list or every value of a map, and at the end of the path {@code value} names the
 * field that holds the image (by default the path's last segment). An object without the path, or a value that is
 * missing, not a string or blank, yields no image; a {@code *} over something that is neither list nor map, a step
 * of the path that is no object, and a {@code key} field that is not a string are errors, as in Kyverno.
 *
 * @param path where the extractor is in the policy, e.g. {@code rules[0].imageExtractors.Task[0]}
 * @param name Kyverno's {@code name} ({@code custom} when unset): only reported
 * @param fields the path's segments up to the object holding the value
 * @param key the field naming each image (a step's {@code name}); without it the image is named by its JSON Pointer
 * @param jmesPath applied to the value found, whose result (a string) is the image; such an image is never pinned,
 *     since the field holds more than the reference and a digest patch would overwrite the rest
 */
record ImageExtractor(String path, String name, List<String> fields, String value, Optional<String> key, Optional<String> jmesPath) {

    ImageExtractor {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(jmesPath, "jmesPath");
    }

    /**
     * Appends the images of {@code object} this extractor finds, in document order (Kyverno walks a map in Go's random
     * order; the images found are the same).
     *
     * @throws PolicyException naming the extractor and the JSON Pointer at fault
     */
    void extract(JsonNode object, ConditionsEvaluator jmes, List<PodSpecs.ContainerImage> out) {
        walk(object, "", 0, jmes, out);
    }

    private void walk(JsonNode node, String pointer, int depth, ConditionsEvaluator jmes, List<PodSpecs.ContainerImage> out) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (depth < fields.size() && "*".equals(fields.get(depth))) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walk(node.get(i), pointer + "/" + i, depth + 1, jmes, out);
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    walk(entry.getValue(), pointer + "/" + escape(entry.getKey()), depth + 1, jmes, out);
                }
            } else {
                throw invalid(pointer, "is neither a list nor a map, for the * of the path");
            }
            return;
        }
        if (!node.isObject()) {
            throw invalid(pointer, "is not an object");
        }
        if (depth < fields.size()) {
            String field = fields.get(depth);
            walk(node.path(field), pointer + "/" + escape(field), depth + 1, jmes, out);
            return;
        }
        String at = pointer + "/" + escape(value);
        String named = at;
        if (key.isPresent()) {
            JsonNode keyNode = node.path(key.get());
            if (!keyNode.isTextual()) {
                throw invalid(pointer + "/" + escape(key.get()), "is not a string (the extractor's key)");
            }
            named = keyNode.textValue();
        }
        JsonNode image = node.path(value);
        if (!image.isTextual() || PodSpecs.blank(image.textValue())) {
            return; // as Kyverno: "the image may not be present"
        }
        String written = image.textValue();
        String patchAt = at;
        if (jmesPath.isPresent()) {
            JsonNode result;
            try {
                result = jmes.substitute("{{" + jmesPath.get() + "}}", JsonNodeFactory.instance.textNode(written), path + ".jmesPath");
            } catch (ConditionsException e) {
                throw invalid(at, "jmesPath " + SignetException.quote(jmesPath.get()) + " failed: " + e.getMessage());
            }
            if (!result.isTextual()) {
                throw invalid(at, "jmesPath " + SignetException.quote(jmesPath.get()) + " must produce a string, not " + result);
            }
            patchAt = result.textValue().equals(written) ? at : "";
            written = result.textValue();
        }
        out.add(new PodSpecs.ContainerImage(written, named, patchAt));
    }

    private PolicyException invalid(String pointer, String cause) {
        return new PolicyException("extract images with " + path, pointer.isEmpty() ? "/" : pointer, cause);
    }

    /** RFC 6901: {@code ~} and {@code /} in a segment, so that the digest patch names the right field. */
    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}

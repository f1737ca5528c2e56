package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.conditions.ConditionsEvaluator;
import dev.signet.conditions.ConditionsException;
import dev.signet.conditions.Limits;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a rule reads the images of an object of one kind: the rule's {@code imageExtractors} for that kind when it has
 * some, else the kind's pod spec ({@link PodSpecs}), as Kyverno's {@code lookupImageExtractor} chooses
 * (pkg/utils/api/image.go@111e07bb): extractors named for a kind replace the built-in ones for that kind only, and
 * a kind neither names (a Tekton {@code Task} under a rule without extractors) has no images. Kyverno has no
 * built-in extractor for Tekton or any other custom resource: its images are only those a policy's extractors name.
 *
 * @param path where the extractors are in the policy ({@code rules[0].imageExtractors.Task}); empty for the pod spec
 * @param extractors the rule's extractors for the kind; an empty list (written {@code Task: []}) is an error for
 *     every object of the kind, as in Kyverno ("no extractors found")
 */
public record ImageExtractors(String path, List<ImageExtractor> extractors) {
    /** The built-in extraction: the kind's pod spec. */
    public static final ImageExtractors POD_SPECS = new ImageExtractors("", List.of());

    /** Evaluates {@code jmesPath}: Kyverno's JMESPath functions, bounded; no time function needs a clock that is read twice. */
    private static final ConditionsEvaluator JMES = new ConditionsEvaluator(Limits.defaults(), Clock.systemUTC());

    /** Tekton's kinds, for which k8s/components/tekton adds the webhook rules. */
    private static final Set<String> TEKTON_KINDS = Set.of("TaskRun", "PipelineRun", "Task", "Pipeline");

    public ImageExtractors {
        Objects.requireNonNull(path, "path");
        extractors = List.copyOf(extractors);
    }

    /** Whether this is the built-in pod spec extraction. */
    public boolean podSpecs() {
        return path.isEmpty();
    }

    /**
     * The images of {@code object}, each with its JSON Pointer (empty for one a {@code jmesPath} rewrote).
     *
     * @throws PolicyException when the object does not have the shape the extractors (or the pod spec) expect
     */
    public List<PodSpecs.ContainerImage> images(String kind, JsonNode object) {
        if (podSpecs()) {
            return PodSpecs.images(kind, object);
        }
        if (extractors.isEmpty()) {
            throw new PolicyException("extract images with " + path, kind, "no extractors are listed for the kind");
        }
        List<PodSpecs.ContainerImage> images = new ArrayList<>();
        if (object == null) {
            return images;
        }
        for (ImageExtractor extractor : extractors) {
            extractor.extract(object, JMES, images);
        }
        return images;
    }

    /**
     * Reads a Kyverno rule's {@code imageExtractors}: a map from kind to a list of {@code {path, value, name, key,
     * jmesPath}}; each {@code jmesPath} is compiled now, so one Signet cannot evaluate is refused at load time.
     *
     * @return the extractors by kind; empty when the rule has none
     */
    static Map<String, ImageExtractors> compile(PolicyFields rule, Compilation compilation) {
        JsonNode node = rule.raw("imageExtractors");
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw rule.invalid("imageExtractors", "must be a map from kind to a list of extractors");
        }
        Map<String, ImageExtractors> byKind = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> kind : node.properties()) {
            String kindPath = rule.pathOf("imageExtractors") + "." + kind.getKey();
            if (!kind.getValue().isArray()) {
                throw compilation.invalid(kindPath, "is not a list");
            }
            List<ImageExtractor> list = new ArrayList<>();
            for (int i = 0; i < kind.getValue().size(); i++) {
                list.add(extractor(compilation.fields(kind.getValue().get(i), kindPath + "[" + i + "]")));
            }
            byKind.put(kind.getKey(), new ImageExtractors(kindPath, list));
            if (!PodSpecs.hasPodSpec(kind.getKey())) {
                compilation.note(webhookNote(kind.getKey(), kindPath));
            }
        }
        return byKind;
    }

    /**
     * What the load report says of extractors for a kind the default webhooks do not send (they send pods and
     * workloads only): objects of that kind reach Signet only once a webhook rule lists them, so that nothing the
     * policy asks for is left unchecked without a word.
     */
    private static String webhookNote(String kind, String path) {
        String how = TEKTON_KINDS.contains(kind) ? "add the kustomize component k8s/components/tekton to the webhooks"
                : "add a rule for its resource to both webhooks";
        return path + ": objects of kind " + kind + " reach Signet only when the webhooks list them, and the default k8s/webhooks send pods"
                + " and workloads only: " + how + " (k8s/README.md, \"Tekton and other custom resources\"), or they are admitted unchecked";
    }

    /** One extractor; its {@code path} split as Kyverno splits it (segments trimmed, empty ones dropped). */
    private static ImageExtractor extractor(PolicyFields entry) {
        List<String> fields = new ArrayList<>();
        for (String segment : entry.requiredText("path").split("/")) {
            if (!segment.strip().isEmpty()) {
                fields.add(segment.strip());
            }
        }
        String value = entry.text("value").orElse("");
        if (value.isEmpty()) {
            if (fields.isEmpty()) {
                throw entry.invalid("path", "names no field", "e.g. /spec/steps/*/image");
            }
            value = fields.remove(fields.size() - 1);
        }
        Optional<String> jmesPath = entry.text("jmesPath").filter(text -> !text.isEmpty());
        if (jmesPath.isPresent()) {
            try {
                JMES.checkExpression(jmesPath.get(), entry.pathOf("jmesPath"));
            } catch (ConditionsException e) {
                throw entry.invalid("jmesPath", e.getMessage());
            }
        }
        String name = entry.text("name").filter(text -> !text.isEmpty()).orElse("custom");
        return new ImageExtractor(entry.path(), name, fields, value, entry.text("key").filter(text -> !text.isEmpty()), jmesPath);
    }
}

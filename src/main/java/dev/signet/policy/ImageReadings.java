package dev.signet.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An admitted object's images as its applicable rules read them: the rules are grouped by how they read the object's
 * kind (the pod spec, or one rule's {@code imageExtractors}), each reading is asked once, and each distinct image is
 * checked once under every rule whose reading found it (Kyverno extracts per rule; the images are then the union).
 *
 * @param checks one per distinct image, in the order the readings found them
 * @param unreadable an {@code error} for each rule whose reading could not read the object
 */
record ImageReadings(List<ImageCheck> checks, List<ImageFinding> unreadable) {

    ImageReadings {
        checks = List.copyOf(checks);
        unreadable = List.copyOf(unreadable);
    }

    /**
     * @throws PolicyException when the pod spec cannot be read and no rule reads it (the caller's error, as it was
     *     before there were extractors)
     * @param bind each applicable policy as this admission evaluates it (compiled for its request's variables)
     */
    static ImageReadings of(AdmissionSubject subject, AdmittedImages images, PolicySet policies, UnaryOperator<CompiledPolicy> bind) {
        Map<ImageExtractors, List<CoveringRule>> byReading = new LinkedHashMap<>();
        byReading.put(ImageExtractors.POD_SPECS, new ArrayList<>()); // always read: an image no rule covers is reported as such
        for (CompiledPolicy applicable : policies.applicable(subject)) {
            CompiledPolicy policy = bind.apply(applicable);
            for (ImageRule rule : policy.rules()) {
                if (rule.selects(subject)) {
                    byReading.computeIfAbsent(rule.extractorsFor(subject.kind()), reading -> new ArrayList<>())
                            .add(new CoveringRule(policy, rule, rule.actionFor(subject)));
                }
            }
        }
        Map<String, List<String>> pointers = new LinkedHashMap<>();
        Map<String, List<CoveringRule>> readers = new LinkedHashMap<>();
        List<ImageFinding> unreadable = new ArrayList<>();
        byReading.forEach((reading, rules) -> {
            List<PodSpecs.ContainerImage> found;
            try {
                found = images.read(reading);
            } catch (PolicyException e) {
                if (reading.podSpecs() && rules.isEmpty()) {
                    throw e;
                }
                rules.forEach(covered -> unreadable.add(Findings.unreadable(covered, e.getMessage())));
                return;
            }
            for (PodSpecs.ContainerImage image : found) {
                List<String> at = pointers.computeIfAbsent(image.image(), written -> new ArrayList<>());
                if (!at.contains(image.pointer())) {
                    at.add(image.pointer());
                }
                List<CoveringRule> covering = readers.computeIfAbsent(image.image(), written -> new ArrayList<>());
                rules.stream().filter(covered -> !covering.contains(covered)).forEach(covering::add);
            }
        });
        List<ImageCheck> checks = new ArrayList<>(pointers.size());
        pointers.forEach((written, at) -> checks.add(ImageCheck.of(written, at, readers.get(written))));
        return new ImageReadings(checks, unreadable);
    }
}

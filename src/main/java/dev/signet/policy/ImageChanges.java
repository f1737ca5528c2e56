package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an UPDATE asks to run that was not running before. Controllers update their objects all the time (status,
 * finalizers, labels, owner references) without touching an image; verifying those images again would restart
 * nothing and prove nothing, and during a registry outage it would block every controller. So only an image that is
 * new at its place needs verifying: a container (in {@code containers}, {@code initContainers} or
 * {@code ephemeralContainers}, of the pod or of the workload's pod template) is unchanged when the stored object had a
 * container of the same name in the same list with the very same image string. An image moved to another container,
 * or a tag that lost its pinned digest, is new there.
 */
public final class ImageChanges {

    private ImageChanges() {
    }

    /**
     * The images of {@code now} not already at the same place in {@code before}, in document order.
     *
     * @param before the images of the stored object ({@code oldObject})
     */
    public static List<PodSpecs.ContainerImage> changed(List<PodSpecs.ContainerImage> now, List<PodSpecs.ContainerImage> before) {
        Map<String, Set<String>> stored = new HashMap<>();
        for (PodSpecs.ContainerImage image : before) {
            stored.computeIfAbsent(place(image), place -> new HashSet<>()).add(image.image());
        }
        return now.stream().filter(image -> !stored.getOrDefault(place(image), Set.of()).contains(image.image())).toList();
    }

    /**
     * Whether the stored object is being deleted ({@code metadata.deletionTimestamp}): its remaining updates remove
     * finalizers and must never be blocked. Only the stored object counts: the API server clears a deletionTimestamp
     * a client writes into its request only after the webhooks have seen it.
     */
    public static boolean beingDeleted(JsonNode storedObject) {
        if (storedObject == null) {
            return false;
        }
        JsonNode timestamp = storedObject.path("metadata").path("deletionTimestamp");
        return timestamp.isTextual() && !timestamp.textValue().isEmpty();
    }

    /**
     * The container's place: its list's pointer, index left out, and its name. Names are unique in a pod, so a
     * reordered list changes nothing; an unnamed container (which the API server rejects) falls back to its index.
     */
    private static String place(PodSpecs.ContainerImage image) {
        return image.pointer().replaceAll("/[0-9]+/", "/-/") + "#" + image.container();
    }
}

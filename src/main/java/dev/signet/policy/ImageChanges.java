package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.reference.ImageReference;
import dev.signet.reference.InvalidReferenceException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an UPDATE asks to run that was not running before. Controllers update their objects all the time (status,
 * finalizers, labels, owner references) without touching an image; verifying those images again would restart
 * nothing and prove nothing, and during a registry outage it would block every controller. So only an image that is
 * new at its place needs verifying: a container (in {@code containers}, {@code initContainers} or
 * {@code ephemeralContainers}, of the pod or of the workload's pod template) is unchanged when the stored object had a
 * container of the same name in the same list with the very same image string. An image moved to another container
 * is new there; a tag written over the digest it was pinned to is put back by the mutating webhook ({@link #between}).
 */
public final class ImageChanges {

    private ImageChanges() {
    }

    /**
     * What an UPDATE brings, as one webhook sees it.
     *
     * @param changed the images to verify (and, at the mutating webhook, pin)
     * @param repins at the mutating webhook, the tags written over the digest the stored object pinned them to: put
     *     back to the stored value, unverified, as they are the image already running (a GitOps re-apply of
     *     {@code app:v1} over {@code app:v1@sha256:...} neither restarts the container nor needs the registry)
     */
    public record Changes(List<PodSpecs.ContainerImage> changed, List<Verdict.JsonPatchOperation> repins) {
        public Changes {
            changed = List.copyOf(changed);
            repins = List.copyOf(repins);
        }
    }

    /**
     * The images of {@code now} not already at the same place in {@code before}, in document order.
     *
     * @param before the images of the stored object ({@code oldObject})
     */
    public static List<PodSpecs.ContainerImage> changed(List<PodSpecs.ContainerImage> now, List<PodSpecs.ContainerImage> before) {
        return between(now, before, AdmissionPhase.VALIDATING).changed();
    }

    /**
     * The images of {@code now} not already at the same place in {@code before}; at the mutating webhook, a tag-only
     * image whose place held that very text pinned ({@code tag@sha256:...}) is put back instead. The validating
     * webhook never does this: it sees what will be stored, and a tag stored without its digest is new.
     */
    public static Changes between(List<PodSpecs.ContainerImage> now, List<PodSpecs.ContainerImage> before, AdmissionPhase phase) {
        Map<String, Set<String>> stored = new HashMap<>();
        for (PodSpecs.ContainerImage image : before) {
            stored.computeIfAbsent(place(image), place -> new HashSet<>()).add(image.image());
        }
        List<PodSpecs.ContainerImage> changed = new ArrayList<>();
        List<Verdict.JsonPatchOperation> repins = new ArrayList<>();
        for (PodSpecs.ContainerImage image : now) {
            Set<String> there = stored.getOrDefault(place(image), Set.of());
            if (there.contains(image.image())) {
                continue;
            }
            Optional<String> pinned = phase == AdmissionPhase.MUTATING && !image.image().contains("@")
                    ? there.stream().filter(value -> value.startsWith(image.image() + "@") && pinned(value)).findFirst()
                    : Optional.empty();
            if (pinned.isPresent()) {
                repins.add(new Verdict.JsonPatchOperation("replace", image.pointer(), pinned.get()));
            } else {
                changed.add(image);
            }
        }
        return new Changes(changed, repins);
    }

    /**
     * Whether the stored object is being deleted ({@code metadata.deletionTimestamp}): its remaining updates remove
     * finalizers and must never be blocked. Only the stored object counts: a deletionTimestamp in the request's object
     * is the client's text until the API server checks it against the stored one, after the mutating webhooks.
     */
    public static boolean beingDeleted(JsonNode storedObject) {
        if (storedObject == null) {
            return false;
        }
        JsonNode timestamp = storedObject.path("metadata").path("deletionTimestamp");
        return timestamp.isTextual() && !timestamp.textValue().isEmpty();
    }

    private static boolean pinned(String image) {
        try {
            return ImageReference.parse(image).digest().isPresent();
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /**
     * The container's place: its list's pointer, index left out, and its name. Names are unique in a pod, so a
     * reordered list changes nothing; an unnamed container (which the API server rejects) falls back to its index.
     */
    private static String place(PodSpecs.ContainerImage image) {
        return image.pointer().replaceAll("/[0-9]+/", "/-/") + "#" + image.container();
    }
}

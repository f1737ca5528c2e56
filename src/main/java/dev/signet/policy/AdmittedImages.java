package dev.signet.policy;

import java.util.List;

/**
 * The images of an admitted object that are to be verified, as one way of reading it finds them: the pod spec, or a
 * rule's {@code imageExtractors} for the object's kind. The adapter answers for each way the covering rules ask for
 * (for an UPDATE, only the images new at their place, {@link ImageChanges}).
 */
@FunctionalInterface
public interface AdmittedImages {

    /**
     * @throws PolicyException when the object does not have the shape the extraction expects: an {@code error} of
     *     the rules that read it so
     */
    List<PodSpecs.ContainerImage> read(ImageExtractors extraction);
}

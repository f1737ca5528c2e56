package dev.signet.policy;

import dev.signet.reference.ImageReference;
import dev.signet.reference.InvalidReferenceException;
import java.util.List;
import java.util.Optional;

/**
 * One distinct image of an object, the fields that hold it, and the rules that cover it.
 *
 * @param written the image as written in the object
 * @param pointers the JSON Pointers of every field that names it, for the digest patch
 * @param reference empty when Signet cannot verify the text: it is no image reference, or it names a local image
 * @param rules the rules that cover the image; for an image Signet cannot verify, every rule that applies to the
 *     object, since no glob can tell which images such text stands for
 * @param problem why Signet cannot verify it, empty when {@code reference} is present
 */
record ImageCheck(String written, List<String> pointers, Optional<ImageReference> reference, List<CoveringRule> rules, String problem) {
    static final String LOCAL_IMAGE = "names a local image by its ID, which no registry or signature can speak for"
            + "; name the image by repository and digest";

    ImageCheck {
        pointers = List.copyOf(pointers);
        rules = List.copyOf(rules);
    }

    /** Parses the image and keeps the rules that cover it. */
    static ImageCheck of(String written, List<String> pointers, List<CoveringRule> rules) {
        if (ImageReference.namesLocalImage(written)) {
            return new ImageCheck(written, pointers, Optional.empty(), rules, LOCAL_IMAGE);
        }
        ImageReference reference;
        try {
            reference = ImageReference.parse(written);
        } catch (InvalidReferenceException e) {
            return new ImageCheck(written, pointers, Optional.empty(), rules, "not a valid image reference: " + e.getMessage());
        }
        List<CoveringRule> covering = rules.stream().filter(covered -> covered.rule().covers(reference)).toList();
        return new ImageCheck(written, pointers, Optional.of(reference), covering, "");
    }

    boolean isLocalImage() {
        return reference.isEmpty() && problem.equals(LOCAL_IMAGE);
    }

    String pointer() {
        return pointers.get(0);
    }

    /** Whether the image names a tag and no digest: what it runs is whatever the tag points to at pull time. */
    boolean tagOnly() {
        return reference.isPresent() && reference.get().digest().isEmpty();
    }

    /** The same image under fewer rules. */
    ImageCheck withRules(List<CoveringRule> fewer) {
        return new ImageCheck(written, pointers, reference, fewer, problem);
    }
}

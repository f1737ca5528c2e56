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
 * @param reference empty when the text is no image reference
 */
record ImageCheck(String written, List<String> pointers, Optional<ImageReference> reference, List<CoveringRule> rules) {

    ImageCheck {
        pointers = List.copyOf(pointers);
        rules = List.copyOf(rules);
    }

    /** Parses the image and keeps the rules that cover it. */
    static ImageCheck of(String written, List<String> pointers, List<CoveringRule> rules) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(written);
        } catch (InvalidReferenceException e) {
            return new ImageCheck(written, pointers, Optional.empty(), List.of());
        }
        List<CoveringRule> covering = rules.stream().filter(covered -> covered.rule().covers(reference)).toList();
        return new ImageCheck(written, pointers, Optional.of(reference), covering);
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
        return new ImageCheck(written, pointers, reference, fewer);
    }
}

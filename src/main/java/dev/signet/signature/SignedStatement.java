package dev.signet.signature;

import dev.signet.reference.Digest;
import java.util.List;
import java.util.Map;

/**
 * The claims of an in-toto statement whose DSSE signature verified: the predicate type, the subject digests and
 * the first subject's annotations (where cosign v3 puts {@code -a} pairs).
 */
public record SignedStatement(String predicateType, List<Digest> subjects, Map<String, String> annotations) {

    public SignedStatement {
        subjects = List.copyOf(subjects);
        annotations = Map.copyOf(annotations);
    }

    /** Whether the statement names {@code digest} among its subjects. */
    public boolean names(Digest digest) {
        return subjects.contains(digest);
    }

    /** Whether every required annotation is present with its value. */
    public boolean hasAnnotations(Map<String, String> required) {
        return required.entrySet().stream().allMatch(e -> e.getValue().equals(annotations.get(e.getKey())));
    }
}

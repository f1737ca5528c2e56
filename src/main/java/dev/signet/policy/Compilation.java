package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The state of compiling one policy document: whose it is (for messages), whether it is Kyverno's, the notes for the
 * log and every object reader, so that the fields nothing read can be collected per rule.
 */
final class Compilation {
    private final PolicyId id;
    private final boolean kyverno;
    private final boolean requestInHand;
    private final List<LoadNote> notes = new ArrayList<>();
    private final List<PolicyFields> readers = new ArrayList<>();

    Compilation(PolicyId id, boolean kyverno) {
        this(id, kyverno, false);
    }

    /** @param requestInHand compiled for one admission request, whose variables the conditions then see ({@link RequestBinding}) */
    Compilation(PolicyId id, boolean kyverno, boolean requestInHand) {
        this.id = Objects.requireNonNull(id, "id");
        this.kyverno = kyverno;
        this.requestInHand = requestInHand;
    }

    boolean requestInHand() {
        return requestInHand;
    }

    PolicyId id() {
        return id;
    }

    boolean kyverno() {
        return kyverno;
    }

    /** A reader of the object at {@code path}, which must be a JSON object. */
    PolicyFields fields(JsonNode node, String path) {
        PolicyFields fields = new PolicyFields(node, path, this);
        readers.add(fields);
        return fields;
    }

    /** A note on how Signet reads the document, the way Kyverno would. */
    void note(String note) {
        notes.add(new LoadNote(LoadNote.Kind.INFO, note));
    }

    /** A note of another kind: stricter or laxer than the document. */
    void note(LoadNote.Kind kind, String note) {
        notes.add(new LoadNote(kind, note));
    }

    List<LoadNote> notes() {
        return List.copyOf(notes);
    }

    /** A position among the readers made so far; {@link #unreadSince} collects from there. */
    int mark() {
        return readers.size();
    }

    /** The fields that no reader made since {@code mark} read: not evaluated by Signet. */
    List<String> unreadSince(int mark) {
        List<String> unread = new ArrayList<>();
        for (PolicyFields fields : readers.subList(mark, readers.size())) {
            unread.addAll(fields.unread());
        }
        return unread;
    }

    PolicyException invalid(String path, String cause) {
        return PolicyFields.invalid(id, path, cause, null);
    }

    PolicyException invalid(String path, String cause, String hint) {
        return PolicyFields.invalid(id, path, cause, hint);
    }
}

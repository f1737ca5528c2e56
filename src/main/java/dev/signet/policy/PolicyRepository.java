package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The policies in force, kept up to date by a source (a folder, or informers on the Kubernetes API). Each document
 * is compiled once when it changes; a document that does not compile is reported and, when an earlier version of it
 * compiled, that version stays in force: a typo in an edit must not switch an Enforce policy off. Readers get an
 * immutable {@link PolicySet} without locking.
 */
public final class PolicyRepository {
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<Consumer<PolicyId>> changeListeners = new ArrayList<>();
    private volatile PolicySet current = PolicySet.empty();

    /** A document's state: its last good compilation and its current problem, if any. */
    private record Entry(Optional<CompiledPolicy> policy, Optional<String> problem) {
    }

    /** What an update did, for the log. */
    public record Update(String key, Optional<CompiledPolicy> policy, Optional<String> problem) {
    }

    /** Registers a listener told of each policy that changed or went away (the verdict cache drops its entries). */
    public synchronized void onChange(Consumer<PolicyId> listener) {
        changeListeners.add(listener);
    }

    public PolicySet current() {
        return current;
    }

    /**
     * Compiles and stores a document under its source key ({@code file#index} or {@code Kind/namespace/name}).
     * A document that is not a policy kind is ignored.
     */
    public Update put(String key, JsonNode document, String source) {
        return put(key, document, source, Optional.empty());
    }

    /**
     * Compiles and stores a document the API server stored, under the identity it gave the object (informers).
     */
    public Update put(String key, JsonNode document, String source, StoredVersion stored) {
        return put(key, document, source, Optional.of(stored));
    }

    private Update put(String key, JsonNode document, String source, Optional<StoredVersion> stored) {
        Objects.requireNonNull(key, "key");
        if (!PolicyCompiler.isPolicy(document)) {
            return new Update(key, Optional.empty(), Optional.empty());
        }
        try {
            CompiledPolicy compiled = PolicyCompiler.compile(document, source, stored);
            List<PolicyId> changed = new ArrayList<>();
            synchronized (this) {
                Entry previous = entries.put(key, new Entry(Optional.of(compiled), Optional.empty()));
                if (previous != null) {
                    previous.policy().filter(old -> !old.id().equals(compiled.id())).ifPresent(old -> changed.add(old.id()));
                }
                publish();
            }
            changed.forEach(this::notifyChange);
            return new Update(key, Optional.of(compiled), Optional.empty());
        } catch (SignetException e) {
            return recordProblem(key, e.getMessage());
        }
    }

    /** Records a problem for a source key (a document that does not even parse), keeping its last good version. */
    public Update recordProblem(String key, String problem) {
        Optional<CompiledPolicy> kept;
        synchronized (this) {
            Entry previous = entries.get(key);
            kept = previous == null ? Optional.empty() : previous.policy();
            String text = kept.isPresent() ? problem + "; keeping the previous version in force" : problem;
            entries.put(key, new Entry(kept, Optional.of(text)));
            publish();
        }
        return new Update(key, kept, Optional.of(problem));
    }

    /** Removes a document (deleted in the API or from the folder). */
    public void remove(String key) {
        Entry removed;
        synchronized (this) {
            removed = entries.remove(key);
            publish();
        }
        if (removed != null) {
            removed.policy().ifPresent(policy -> notifyChange(policy.id()));
        }
    }

    /** The source keys currently known, for sources that reconcile by listing. */
    public synchronized List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    private void publish() {
        List<CompiledPolicy> policies = new ArrayList<>();
        Map<String, String> problems = new LinkedHashMap<>();
        entries.forEach((key, entry) -> {
            entry.policy().ifPresent(policies::add);
            entry.problem().ifPresent(problem -> problems.put(key, problem));
        });
        current = new PolicySet(policies, problems);
    }

    private void notifyChange(PolicyId id) {
        List<Consumer<PolicyId>> listeners;
        synchronized (this) {
            listeners = List.copyOf(changeListeners);
        }
        listeners.forEach(listener -> listener.accept(id));
    }
}

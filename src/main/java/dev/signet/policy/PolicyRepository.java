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
    private final PolicyControllerTrustRoots trustRoots = new PolicyControllerTrustRoots();

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
     * The policy-controller {@code TrustRoot}s stored beside the policies (files or watched objects), which serve the
     * {@code trustRootRef}s of its {@code ClusterImagePolicy}s: put before the other root sources.
     */
    public PolicyControllerTrustRoots trustRoots() {
        return trustRoots;
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
        if (PolicyControllerTrustRoots.isTrustRoot(document)) {
            return putTrustRoot(key, document);
        }
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

    /**
     * A TrustRoot: parsed and served by name; one that cannot be served is listed as a problem (readiness, log), and the
     * policies naming it lose their cached verdicts, as when a key Secret changes.
     */
    private Update putTrustRoot(String key, JsonNode document) {
        Optional<String> problem = trustRoots.put(key, document);
        String name = document.path("metadata").path("name").asText("");
        synchronized (this) {
            entries.put(key, new Entry(Optional.empty(), problem));
            publish();
        }
        namingTrustRoot(name).forEach(this::notifyChange);
        return new Update(key, Optional.empty(), problem);
    }

    private List<PolicyId> namingTrustRoot(String name) {
        String ref = PolicyControllerTrustRoots.ref(name);
        return current.policies().stream().filter(policy -> policy.rules().stream().anyMatch(rule -> rule.trustedRootRefs().contains(ref)))
                .map(CompiledPolicy::id).toList();
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
        Optional<String> trustRoot = trustRoots.remove(key);
        synchronized (this) {
            removed = entries.remove(key);
            publish();
        }
        if (removed != null) {
            removed.policy().ifPresent(policy -> notifyChange(policy.id()));
        }
        trustRoot.ifPresent(name -> namingTrustRoot(name).forEach(this::notifyChange));
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

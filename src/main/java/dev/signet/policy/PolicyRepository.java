package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.json.Json;
import dev.signet.oci.Digests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    /** Where Kyverno rules' {@code configMap} context entries are read; none: their variables stay unresolved. */
    private volatile Optional<KyvernoContext.ConfigMaps> context = Optional.empty();

    /** A document's state: its last good compilation and its current problem, if any. */
    private record Entry(Optional<CompiledPolicy> policy, Optional<String> problem, Optional<Document> document) {
        Entry(Optional<CompiledPolicy> policy, Optional<String> problem) {
            this(policy, problem, Optional.empty());
        }

        /** The ConfigMaps the document's context reads: a change of one recompiles it. */
        Set<KyvernoContext.ConfigMapName> reads() {
            return document.map(Document::reads).orElse(Set.of());
        }
    }

    /** A policy document as given, kept to compile it again when a ConfigMap its context reads changes. */
    private record Document(JsonNode node, String source, Optional<StoredVersion> stored, Set<KyvernoContext.ConfigMapName> reads) {
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
     * Resolves Kyverno rules' {@code configMap} context entries from these ConfigMaps when a policy compiles
     * ({@link KyvernoContext}); {@link #configMapChanged} compiles again the policies reading one. Set before the first
     * policy is put.
     */
    public void contextFrom(KyvernoContext.ConfigMaps configMaps) {
        this.context = Optional.of(configMaps);
    }

    /**
     * Compiles again every policy whose context reads the ConfigMap (created, changed or deleted), so its keys are the
     * ConfigMap's as it is now; a policy whose resolved content changed gets a new version and loses its cached verdicts.
     */
    public List<Update> configMapChanged(KyvernoContext.ConfigMapName changed) {
        List<Update> updates = new ArrayList<>();
        List<Map.Entry<String, Document>> reading = new ArrayList<>();
        synchronized (this) {
            entries.forEach((key, entry) -> entry.document().filter(document -> document.reads().contains(changed))
                    .ifPresent(document -> reading.add(Map.entry(key, document))));
        }
        for (Map.Entry<String, Document> entry : reading) {
            Document document = entry.getValue();
            Update update = put(entry.getKey(), document.node(), document.source(), document.stored());
            updates.add(update.problem().isPresent() ? withoutContext(entry.getKey(), document, update.problem().get()) : update);
        }
        return updates;
    }

    /**
     * A policy that no longer compiles with what its ConfigMap holds now (a key edited into bad PEM): its previous
     * version would keep the ConfigMap's old key in force, perhaps the one being rotated out, so it is compiled without
     * any ConfigMap instead, which makes the entries that read one {@code error} (fail closed) until it compiles again.
     */
    private Update withoutContext(String key, Document document, String problem) {
        CompiledPolicy compiled;
        try {
            compiled = PolicyCompiler.compile(KyvernoContext.resolve(document.node(), KyvernoContext.ConfigMaps.NONE).document(), document.source(),
                    document.stored());
        } catch (SignetException e) {
            return new Update(key, Optional.empty(), Optional.of(problem));
        }
        Optional<PolicyId> replaced;
        synchronized (this) {
            Entry previous = entries.put(key, new Entry(Optional.of(compiled), Optional.of(problem + "; compiled without its ConfigMaps until it"
                    + " compiles with them: the entries that read one are error"), Optional.of(document)));
            replaced = previous == null ? Optional.empty() : previous.policy().map(CompiledPolicy::id).filter(id -> !id.equals(compiled.id()));
            publish();
        }
        replaced.ifPresent(this::notifyChange);
        return new Update(key, Optional.of(compiled), Optional.of(problem));
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
        Optional<KyvernoContext.ConfigMaps> configMaps = context;
        try {
            List<PolicyId> changed = new ArrayList<>();
            CompiledPolicy compiled;
            Set<KyvernoContext.ConfigMapName> reads;
            // under the lock: a ConfigMap watch started by this resolution must not be stopped by a concurrent retain
            synchronized (this) {
                // without a ConfigMap source (a policy folder), context entries are missing, and request variables still resolve
                KyvernoContext.Resolved resolved = KyvernoContext.resolve(document, configMaps.orElse(KyvernoContext.ConfigMaps.NONE));
                compiled = PolicyCompiler.compile(resolved.document(), source, stored)
                        .inContext(resolved.changed(document) ? Digests.sha256(Json.write(resolved.document())).hex() : "",
                                resolved.notes().stream().map(note -> new LoadNote(LoadNote.Kind.INFO, note)).toList())
                        .perRequest(resolved.perRequest().map(template -> new KyvernoContext.RequestTemplate(template.document(), template.ruleValues(),
                                source, stored, template.conditionsReadRequest())));
                reads = resolved.read();
                Entry previous = entries.put(key, new Entry(Optional.of(compiled), Optional.empty(),
                        Optional.of(new Document(document, source, stored, reads))));
                if (previous != null) {
                    previous.policy().filter(old -> !old.id().equals(compiled.id())).ifPresent(old -> changed.add(old.id()));
                }
                publish();
                retainConfigMaps();
            }
            changed.forEach(this::notifyChange);
            return new Update(key, Optional.of(compiled), Optional.empty());
        } catch (SignetException e) {
            return recordProblem(key, e.getMessage());
        }
    }

    /** Tells the context source which ConfigMaps the policies read now; the caller holds the lock. */
    private void retainConfigMaps() {
        context.ifPresent(configMaps -> {
            Set<KyvernoContext.ConfigMapName> read = new LinkedHashSet<>();
            entries.values().forEach(entry -> read.addAll(entry.reads()));
            configMaps.retain(read);
        });
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
            // the kept version's document stays, so a ConfigMap it reads still recompiles it
            entries.put(key, new Entry(kept, Optional.of(text), previous == null ? Optional.empty() : previous.document()));
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
            retainConfigMaps();
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

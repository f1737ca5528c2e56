package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.conditions.ConditionsEvaluator;
import dev.signet.conditions.ConditionsException;
import dev.signet.conditions.Limits;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a Kyverno rule's {@code configMap} context entries into the trust material of its {@code verifyImages}
 * entries, before the policy compiles: {@code publicKeys}, the short form {@code key}, and {@code certificates.cert} /
 * {@code certChain} written as {@code {{ expression }}} over the rule's context (Kyverno: pkg/engine/context/loaders/configmap.go
 * puts {@code {data, metadata}} of the ConfigMap under the entry's name, and pkg/engine/variables substitutes it;
 * kyverno@111e07bb). Evaluated with the JMESPath and substitution rules of attestation conditions.
 *
 * <p>Used by {@link PolicyRepository#contextFrom}: with ConfigMaps given as files ({@code signet policy test}) and with
 * the cluster's, watched by name, where the policy recompiles when one it reads changes. The resolved policy compiles
 * like one with the key written in. What cannot be resolved (a ConfigMap missing, another context kind, a variable in
 * the ConfigMap's name, a value that is not text, a namespaced policy naming another namespace's ConfigMap, which
 * Kyverno refuses) is left as written, so the entry compiles to {@code error}, never to a pass.
 *
 * <p>Resolved once per version of the policy and of the ConfigMaps, not per request: Kyverno loads the context per
 * admission request (pkg/engine/context/loaders/configmap.go, {@code LoadData}), reading the same ConfigMap through its
 * informer cache, so the value is the same either way; what Kyverno would take from the request ({@code request.*},
 * {@code images.*}, {@code element}) is not in this context and stays unresolved ({@code error}).
 */
public final class KyvernoContext {
    private static final ConditionsEvaluator EXPRESSIONS = new ConditionsEvaluator(Limits.defaults(), Clock.systemUTC());
    /** A keyless entry's identity fields: substituted like trust material (Kyverno substitutes the whole rule). */
    static final List<String> IDENTITY = List.of("subject", "subjectRegExp", "issuer", "issuerRegExp", "roots");

    /** ConfigMaps by namespace and name: their {@code data}. */
    public interface ConfigMaps {
        Optional<Map<String, String>> data(String namespace, String name);

        /** No ConfigMaps (policies from a folder): every context entry is missing. */
        ConfigMaps NONE = new ConfigMaps() {
            @Override
            public Optional<Map<String, String>> data(String namespace, String name) {
                return Optional.empty();
            }

            @Override
            public String missing(ConfigMapName name) {
                return "ConfigMap " + name + " is not read: policies from files read no ConfigMaps (from the cluster they do)";
            }
        };

        /** Why {@link #data} found nothing, for the load note. */
        default String missing(ConfigMapName name) {
            return "ConfigMap " + name + " was not given";
        }

        /** Told after each change of the policies which ConfigMaps they read now (a watcher stops the others). */
        default void retain(Set<ConfigMapName> read) {
        }
    }

    /** A ConfigMap a rule's context names: {@code namespace/name}. */
    public record ConfigMapName(String namespace, String name) {
        public ConfigMapName {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    /**
     * The policy with what could be resolved written in, and what was resolved or not, for the load report.
     *
     * @param notes one line per trust-material field resolved or left unresolved
     */
    public record Resolved(JsonNode document, List<String> notes, Set<ConfigMapName> read, Optional<RequestTemplate> perRequest) {
        public Resolved {
            notes = List.copyOf(notes);
            read = Set.copyOf(read);
            Objects.requireNonNull(perRequest, "perRequest");
        }

        /** Nothing resolved: the document as given. */
        public Resolved(JsonNode document, List<String> notes, Set<ConfigMapName> read) {
            this(document, notes, read, Optional.empty());
        }

        /** Whether anything was written in: the compiled policy then depends on the ConfigMaps' content. */
        public boolean changed(JsonNode original) {
            return !document.equals(original);
        }
    }

    private KyvernoContext() {
    }

    /** Resolves the trust material of a Kyverno policy document; other documents come back unchanged. */
    public static Resolved resolve(JsonNode document, ConfigMaps configMaps) {
        if (!PolicyCompiler.isPolicy(document) || !PolicyCompiler.KYVERNO_GROUP.equals(document.path("apiVersion").asText("").split("/")[0])) {
            return new Resolved(document, List.of(), Set.of());
        }
        JsonNode rules = document.path("spec").path("rules");
        if (!rules.isArray()) {
            return new Resolved(document, List.of(), Set.of());
        }
        ObjectNode copy = document.deepCopy();
        String policyNamespace = "Policy".equals(document.path("kind").asText()) ? document.path("metadata").path("namespace").asText("") : "";
        List<String> notes = new ArrayList<>();
        Set<ConfigMapName> read = new LinkedHashSet<>();
        List<ObjectNode> ruleValues = new ArrayList<>();
        boolean perRequest = false;
        boolean conditionsReadRequest = false;
        for (int r = 0; r < rules.size(); r++) {
            JsonNode context = rules.get(r).path("context");
            ObjectNode values = copy.objectNode();
            ruleValues.add(values);
            Set<ConfigMapName> loaded = new LinkedHashSet<>();
            for (int c = 0; context.isArray() && c < context.size(); c++) {
                load(context.get(c), "rules[" + r + "].context[" + c + "]", policyNamespace, configMaps, values, notes, read).ifPresent(loaded::add);
            }
            String from = loaded.isEmpty() ? "the rule's context" : "the rule's context (ConfigMap " + String.join(", ",
                    loaded.stream().map(ConfigMapName::toString).toList()) + ") when the policy loads";
            Scope scope = new Scope(values, from, notes, false);
            JsonNode entries = copy.path("spec").path("rules").get(r).path("verifyImages");
            for (int v = 0; entries.isArray() && v < entries.size(); v++) {
                substitute(entries.get(v), "rules[" + r + "].verifyImages[" + v + "]", scope, 0);
            }
            perRequest |= scope.perRequest;
            for (int v = 0; entries.isArray() && v < entries.size(); v++) {
                JsonNode attestations = entries.get(v).path("attestations");
                for (int a = 0; attestations.isArray() && a < attestations.size(); a++) {
                    if (RequestContext.readsAny(attestations.get(a).path("conditions"))) {
                        conditionsReadRequest = true;
                        notes.add("rules[" + r + "].verifyImages[" + v + "].attestations[" + a + "].conditions read the request: evaluated with it at"
                                + " admission (request, images, image beside the predicate); their verdicts are not shared between requests");
                    }
                }
            }
        }
        return new Resolved(copy, notes, read, perRequest || conditionsReadRequest
                ? Optional.of(new RequestTemplate(copy, ruleValues, "", Optional.empty(), conditionsReadRequest)) : Optional.empty());
    }

    /**
     * A policy whose trust material or identities read the request ({@code request.*}, {@code images.*}): the
     * document with the context variables written in, and each rule's context values, to substitute the rest per
     * admission request ({@link #bind}).
     */
    public record RequestTemplate(JsonNode document, List<ObjectNode> ruleValues, String source, Optional<StoredVersion> stored,
            boolean conditionsReadRequest) {
        public RequestTemplate {
            Objects.requireNonNull(document, "document");
            ruleValues = List.copyOf(ruleValues);
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(stored, "stored");
        }
    }

    /**
     * The template with its variables substituted from one request and each rule's context, in the fields
     * {@link #resolve} reads (Kyverno substitutes the whole rule per request but attestation conditions and
     * {@code validate.deny}, which see the request when they are evaluated: pkg/engine/handlers/mutation/mutate_image.go,
     * {@code substituteVariables}, kyverno@111e07bb). A variable that does not resolve is left as written, so its entry
     * compiles to {@code error}, as Kyverno makes the rule.
     */
    static JsonNode bind(RequestTemplate template, RequestContext request) {
        ObjectNode copy = template.document().deepCopy();
        JsonNode rules = copy.path("spec").path("rules");
        for (int r = 0; r < rules.size() && r < template.ruleValues().size(); r++) {
            ObjectNode values = template.ruleValues().get(r).deepCopy();
            request.data().properties().forEach(entry -> values.set(entry.getKey(), entry.getValue()));
            Scope scope = new Scope(values, "the request", new ArrayList<>(), true);
            JsonNode entries = rules.get(r).path("verifyImages");
            for (int v = 0; entries.isArray() && v < entries.size(); v++) {
                substitute(entries.get(v), "rules[" + r + "].verifyImages[" + v + "]", scope, 0);
            }
        }
        return copy;
    }

    /** A rule's variable values, where they came from (for the notes), the notes, and whether the request is in hand. */
    private static final class Scope {
        final ObjectNode values;
        final String from;
        final List<String> notes;
        final boolean atAdmission;
        boolean perRequest;

        Scope(ObjectNode values, String from, List<String> notes, boolean atAdmission) {
            this.values = values;
            this.from = from;
            this.notes = notes;
            this.atAdmission = atAdmission;
        }
    }

    /**
     * Loads one context entry into {@code values}.
     *
     * @param read collects every ConfigMap the entry names, found or not: a watcher must see it appear
     * @return the ConfigMap loaded
     */
    private static Optional<ConfigMapName> load(JsonNode entry, String path, String policyNamespace, ConfigMaps configMaps, ObjectNode values,
            List<String> notes, Set<ConfigMapName> read) {
        String name = entry.path("name").asText("");
        JsonNode configMap = entry.path("configMap");
        if (name.isEmpty() || !configMap.isObject()) {
            return Optional.empty(); // apiCall, variable, imageRegistry, globalReference: not loaded; what uses them stays error
        }
        String cmName = configMap.path("name").asText("");
        String namespace = configMap.path("namespace").asText("");
        if (namespace.isEmpty()) {
            // Kyverno: the policy's own namespace for a Policy, "default" for a ClusterPolicy
            namespace = policyNamespace.isEmpty() ? PolicyCompiler.DEFAULT_NAMESPACE : policyNamespace;
        }
        if (cmName.contains("{{") || namespace.contains("{{")) {
            notes.add(path + ": the ConfigMap is named by a variable, which Signet does not resolve");
            return Optional.empty();
        }
        if (!policyNamespace.isEmpty() && !policyNamespace.equals(namespace)) {
            notes.add(path + ": a Policy in " + policyNamespace + " may not read ConfigMap " + namespace + "/" + cmName + " (Kyverno refuses it too)");
            return Optional.empty();
        }
        ConfigMapName named = new ConfigMapName(namespace, cmName);
        read.add(named);
        Optional<Map<String, String>> data = configMaps.data(namespace, cmName);
        if (data.isEmpty()) {
            notes.add(path + ": " + configMaps.missing(named));
            return Optional.empty();
        }
        ObjectNode loaded = values.putObject(name);
        ObjectNode dataNode = loaded.putObject("data");
        data.get().forEach(dataNode::put);
        loaded.putObject("metadata").put("name", cmName).put("namespace", namespace);
        return Optional.of(named);
    }

    /** Substitutes the trust-material fields of a verifyImages entry, attestor set or entry, walking attestors and attestations. */
    private static void substitute(JsonNode node, String path, Scope scope, int depth) {
        if (!node.isObject() || depth > 8) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        field(object, "key", path, scope);
        if (object.path("keys").isObject()) {
            field((ObjectNode) object.path("keys"), "publicKeys", path + ".keys", scope);
        }
        if (object.path("certificates").isObject()) {
            field((ObjectNode) object.path("certificates"), "cert", path + ".certificates", scope);
            field((ObjectNode) object.path("certificates"), "certChain", path + ".certificates", scope);
        }
        if (object.path("keyless").isObject()) {
            for (String identity : IDENTITY) {
                field((ObjectNode) object.path("keyless"), identity, path + ".keyless", scope);
            }
        }
        for (String list : List.of("attestors", "entries", "attestations")) {
            JsonNode items = object.path(list);
            for (int i = 0; items.isArray() && i < items.size(); i++) {
                substitute(items.get(i), path + "." + list + "[" + i + "]", scope, depth + 1);
            }
        }
        substitute(object.path("attestor"), path + ".attestor", scope, depth + 1);
    }

    private static void field(ObjectNode owner, String field, String path, Scope scope) {
        List<String> notes = scope.notes;
        JsonNode text = owner.path(field);
        if (!text.isTextual() || KyvernoVariables.find(text.textValue()).isEmpty()) {
            return;
        }
        String at = path + "." + field;
        if (!scope.atAdmission && RequestContext.reads(text.textValue())) {
            // Kyverno substitutes it per admission request: so does Signet, with the request in hand (bind)
            scope.perRequest = true;
            notes.add(at + ": " + text.textValue().strip() + " is resolved per admission request (request, images), then the rule compiles;"
                    + " verdicts are cached per resolved value");
            return;
        }
        try {
            JsonNode value = EXPRESSIONS.substitute(text.textValue(), scope.values, at);
            if (!value.isTextual() || value.textValue().isBlank() || KyvernoVariables.find(value.textValue()).isPresent()) {
                notes.add(at + ": " + text.textValue().strip() + " did not resolve to text from " + scope.from.replace(" when the policy loads", ""));
                return;
            }
            owner.put(field, value.textValue());
            notes.add(at + ": " + text.textValue().strip() + " resolved from " + scope.from);
        } catch (ConditionsException e) {
            notes.add(at + ": " + text.textValue().strip() + " could not be resolved: " + e.getMessage());
        }
    }
}

package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.keys.KeyException;
import dev.signet.keys.KeyRef;
import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import dev.signet.sigstore.TrustedRoot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Compiles attestor sets and their entries (Kyverno's {@code attestors[].entries[]}, also Signet's): key entries with
 * inline PEM, {@code k8s://} references or a {@code secret}, keyless and certificate entries ({@link KeylessCompiler},
 * which also reads every entry's rekor and ctlog blocks by one rule), nested sets, and the kinds Signet cannot check
 * yet, which compile to {@link UnsupportedAttestor} so that the policy keeps working and those entries fail closed.
 */
final class AttestorCompiler {
    private static final int MAX_DEPTH = 4;
    private final Compilation compilation;
    private final KeylessCompiler sigstore;

    AttestorCompiler(Compilation compilation) {
        this.compilation = compilation;
        this.sigstore = new KeylessCompiler(compilation);
    }

    /** The one rule for rekor and ctlog blocks, for the deprecated {@code key:} form too. */
    KeylessCompiler sigstore() {
        return sigstore;
    }

    /** One set: with no {@code count} every entry must pass, with {@code count: N} at least N. */
    AttestorSet set(JsonNode node, String path, Map<String, String> annotations, int depth) {
        if (depth > MAX_DEPTH) {
            throw compilation.invalid(path, "nests attestor sets more than " + MAX_DEPTH + " deep");
        }
        PolicyFields set = compilation.fields(node, path);
        OptionalInt count = OptionalInt.empty();
        if (set.has("count")) {
            JsonNode countNode = set.raw("count");
            if (!countNode.canConvertToInt() || !countNode.isIntegralNumber() || countNode.intValue() < 1) {
                throw set.invalid("count", "must be a whole number of at least 1");
            }
            count = OptionalInt.of(countNode.intValue());
        }
        JsonNode entries = set.list("entries");
        if (entries.isEmpty()) {
            throw set.invalid("entries", "is empty");
        }
        List<Attestor> attestors = new ArrayList<>();
        for (int e = 0; e < entries.size(); e++) {
            attestors.addAll(entry(entries.get(e), set.pathOf("entries") + "[" + e + "]", annotations, depth));
        }
        if (count.isPresent() && count.getAsInt() > attestors.size()) {
            throw set.invalid("count", "is " + count.getAsInt() + " but the set has only " + attestors.size() + " entries");
        }
        return new AttestorSet(path, count, attestors);
    }

    private List<Attestor> entry(JsonNode node, String path, Map<String, String> ruleAnnotations, int depth) {
        PolicyFields entry = compilation.fields(node, path);
        Map<String, String> annotations = new LinkedHashMap<>(ruleAnnotations);
        annotations.putAll(entry.stringMap("annotations"));
        if (entry.has("attestor")) {
            return List.of(new NestedAttestor(path, set(entry.raw("attestor"), entry.pathOf("attestor"), annotations, depth + 1)));
        }
        if (entry.has("keyless")) {
            PolicyFields keyless = entry.object("keyless").orElseThrow(() -> entry.invalid("keyless", "is not an object"));
            Optional<String> variable = KyvernoContext.IDENTITY.stream().flatMap(field -> keyless.text(field).flatMap(KyvernoVariables::find).stream())
                    .findFirst();
            if (variable.isPresent()) {
                // an identity the request or context did not fill in: never matched against the braces; the entry is error
                keyless.readAll();
                return List.of(KyvernoVariables.unresolved(path, "the keyless identity", variable.get()));
            }
            return List.of(sigstore.keyless(keyless, path, annotations));
        }
        if (entry.has("certificates")) {
            PolicyFields certificates = entry.object("certificates").orElseThrow(() -> entry.invalid("certificates", "is not an object"));
            return List.of(sigstore.certificates(certificates, path, annotations));
        }
        if (entry.has("repository")) {
            return List.of(new UnsupportedAttestor(path, "a per-entry signature repository is not supported; set it on the verifyImages entry"));
        }
        PolicyFields keys = entry.object("keys")
                .orElseThrow(() -> entry.invalidHere("has no keys", "set keys.publicKeys (PEM or k8s://NAMESPACE/NAME) or keys.secret"));
        Optional<String> algorithm = keys.text("signatureAlgorithm");
        if (algorithm.isPresent() && !algorithm.get().equalsIgnoreCase("sha256")) {
            return List.of(new UnsupportedAttestor(path, "signatureAlgorithm " + SignetException.quote(algorithm.get()) + " is not supported (sha256 is)"));
        }
        if (keys.has("kms")) {
            String uri = keys.requiredText("kms");
            Optional<String> problem = KmsKeys.problem(uri, false);
            if (problem.isPresent()) {
                // the entry is error whatever its rekor and ctlog blocks ask: read, so they are neither noted nor listed
                keys.raw("rekor");
                keys.raw("ctlog");
                return List.of(new UnsupportedAttestor(path, problem.get()));
            }
            return List.of(KmsKeys.entry(compilation, path, uri, annotations, sigstore.keyTlog(keys, path)));
        }
        Optional<String> publicKeys = keys.text("publicKeys");
        Optional<String> variable = publicKeys.flatMap(KyvernoVariables::find);
        if (variable.isPresent()) {
            // the entry is error whatever its rekor and ctlog blocks ask: read, so they are neither noted nor listed
            keys.raw("rekor");
            keys.raw("ctlog");
            return List.of(KyvernoVariables.unresolved(path, "the public key", variable.get()));
        }
        Optional<TrustedRoot> tlog = sigstore.keyTlog(keys, path);
        Optional<PolicyFields> secret = keys.object("secret");
        if (publicKeys.isPresent() && secret.isPresent()) {
            throw keys.invalidHere("sets both publicKeys and secret", "use one");
        }
        if (secret.isPresent()) {
            String name = secret.get().requiredText("name");
            String namespace = secret.get().text("namespace").or(() -> compilation.id().namespace())
                    .orElseThrow(() -> secret.get().invalid("namespace", "is missing", "a cluster policy names the Secret's namespace"));
            return List.of(new KeyAttestor(path, reference("k8s://" + namespace + "/" + name, secret.get().path()), annotations, tlog));
        }
        return keyEntries(publicKeys.orElseThrow(() -> keys.invalidHere("has neither publicKeys nor secret", null)), path, annotations, tlog);
    }

    /**
     * A PEM text (one entry per key) or a {@code k8s://} reference; another URI scheme compiles to an unsupported entry.
     *
     * @param tlog the root a transparency-log entry must verify under, when the entry's rekor block asks for one
     *     ({@link KeylessCompiler#keyTlog})
     */
    List<Attestor> keyEntries(String text, String path, Map<String, String> annotations, Optional<TrustedRoot> tlog) {
        Optional<String> variable = KyvernoVariables.find(text);
        if (variable.isPresent()) {
            return List.of(KyvernoVariables.unresolved(path, "the public key", variable.get()));
        }
        String trimmed = text.strip();
        if (trimmed.startsWith(KeyRef.SECRET_PREFIX)) {
            return List.of(new KeyAttestor(path, reference(trimmed, path), annotations, tlog));
        }
        if (trimmed.matches("[a-z0-9]+://.*")) {
            return List.of(new UnsupportedAttestor(path, "key URI scheme " + SignetException.quote(trimmed.substring(0, trimmed.indexOf(':')))
                    + " is not supported (PEM and k8s:// are)"));
        }
        List<VerificationKey> keys;
        try {
            keys = PemKeys.parsePublicKeys(trimmed, compilation.id().displayName() + " " + path);
        } catch (KeyException e) {
            throw compilation.invalid(path, "holds no usable public key: " + e.getMessage());
        }
        if (keys.size() == 1) {
            return List.of(new KeyAttestor(path, new KeySource.Inline(keys.get(0)), annotations, tlog));
        }
        List<Attestor> entries = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            entries.add(new KeyAttestor(path + ".keys[" + k + "]", new KeySource.Inline(keys.get(k)), annotations, tlog));
        }
        return entries;
    }

    private KeySource reference(String keyRef, String path) {
        try {
            if (KeyRef.parse(keyRef) instanceof KeyRef.Secret secret) {
                return new KeySource.Reference(secret.toString());
            }
        } catch (KeyException e) {
            // reported below, in the policy's words
        }
        throw compilation.invalid(path, SignetException.quote(keyRef) + " is not k8s://NAMESPACE/NAME");
    }
}

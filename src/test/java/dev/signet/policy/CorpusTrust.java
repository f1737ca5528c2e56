package dev.signet.policy;

import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.sigstore.TrustedRoot;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a copied policy's trust material the test's own, changing nothing else: each inline public key PEM becomes a
 * test key's PEM by text substitution (the YAML otherwise byte-identical), and, once compiled, each keyless entry's
 * trusted root becomes the test Sigstore stack's (the only field of the compiled entry that changes).
 */
final class CorpusTrust {
    /** A PEM in a YAML block scalar: the BEGIN line's indentation is every line's. */
    private static final Pattern BLOCK_PEM = Pattern.compile("(?m)^([ \\t]*)(-----BEGIN PUBLIC KEY-----\\n(?:\\1[A-Za-z0-9+/=]+\\n)+\\1-----END PUBLIC KEY-----)");
    /** A PEM in a double-quoted scalar, its line breaks written {@code \n}. */
    private static final Pattern QUOTED_PEM = Pattern.compile("-----BEGIN PUBLIC KEY-----(?:\\\\n[A-Za-z0-9+/=]+)+\\\\n-----END PUBLIC KEY-----");

    private CorpusTrust() {
    }

    /**
     * The text with its PEMs replaced, the test key that replaced each distinct PEM (by its base64 body), and the JCA
     * private key of every test key, for signatures over another hash than SHA-256
     * (policy-controller's {@code hashAlgorithm}).
     */
    record Substituted(String text, Map<String, SigningKey> keys, Map<SigningKey, PrivateKey> privateKeys) {
    }

    /** A P-256 test key whose JCA private key is kept in {@code privateKeys}. */
    static SigningKey generate(String name, Map<SigningKey, PrivateKey> privateKeys) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            SigningKey key = PemKeys.parsePrivateKey(PemKeys.encode("PRIVATE KEY", pair.getPrivate().getEncoded()), name);
            privateKeys.put(key, pair.getPrivate());
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Substituted substitutePems(String text) {
        Map<String, SigningKey> keys = new LinkedHashMap<>();
        Map<SigningKey, PrivateKey> privateKeys = new java.util.concurrent.ConcurrentHashMap<>();
        Function<String, SigningKey> keyFor = pem -> keys.computeIfAbsent(pem.replaceAll("\\\\n|\\s", ""),
                body -> generate("corpus-key-" + keys.size(), privateKeys));
        Matcher block = BLOCK_PEM.matcher(text);
        StringBuilder out = new StringBuilder();
        while (block.find()) {
            String indent = block.group(1);
            String replacement = indent + keyFor.apply(block.group(2)).verificationKey().toPem().strip().replace("\n", "\n" + indent);
            block.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        block.appendTail(out);
        Matcher quoted = QUOTED_PEM.matcher(out.toString());
        StringBuilder second = new StringBuilder();
        while (quoted.find()) {
            String replacement = keyFor.apply(quoted.group()).verificationKey().toPem().strip().replace("\n", "\\n");
            quoted.appendReplacement(second, Matcher.quoteReplacement(replacement));
        }
        quoted.appendTail(second);
        return new Substituted(second.toString(), keys, privateKeys);
    }

    /** The policy with every keyless entry's trusted root (and every key entry's log and timestamp root) replaced by {@code root}. */
    static CompiledPolicy withRoot(CompiledPolicy policy, TrustedRoot root) {
        List<ImageRule> rules = new ArrayList<>();
        for (ImageRule rule : policy.rules()) {
            rules.add(new ImageRule(rule.index(), rule.path(), rule.action(), rule.actionOverrides(), rule.match(), rule.exclude(), rule.images(),
                    rule.skipImages(), rule.type(), rule.mutateDigest(), rule.verifyDigest(), rule.required(), sets(rule.attestors(), root),
                    attestations(rule.attestations(), root), rule.signatureRepository(), rule.unsupported(), rule.notEvaluated(), rule.extractors()));
        }
        return new CompiledPolicy(policy.id(), policy.action(), policy.failurePolicy(), policy.match(), policy.exclude(), rules, policy.notes(),
                policy.notEvaluated());
    }

    private static List<AttestationRule> attestations(List<AttestationRule> attestations, TrustedRoot root) {
        return attestations.stream().map(rule -> new AttestationRule(rule.path(), rule.predicateType(), sets(rule.attestors(), root), rule.conditions()))
                .toList();
    }

    private static List<AttestorSet> sets(List<AttestorSet> sets, TrustedRoot root) {
        return sets.stream().map(set -> new AttestorSet(set.path(), set.count(), set.entries().stream().map(entry -> entry(entry, root)).toList())).toList();
    }

    private static Attestor entry(Attestor entry, TrustedRoot root) {
        if (entry instanceof KeylessAttestor keyless) {
            return new KeylessAttestor(keyless.path(), new TrustedRootSource.Inline(root), keyless.identities(), keyless.requireTlog(),
                    keyless.requireSct(), keyless.annotations());
        }
        if (entry instanceof KeyAttestor key) {
            return new KeyAttestor(key.path(), key.source(), key.annotations(), key.tlog().map(any -> root),
                    key.timestamps().map(any -> (TrustedRootSource) new TrustedRootSource.Inline(root)));
        }
        if (entry instanceof NestedAttestor nested) {
            return new NestedAttestor(nested.path(), sets(List.of(nested.set()), root).get(0));
        }
        if (entry instanceof AttestationsAttestor attestations) {
            return new AttestationsAttestor(attestations.path(), attestations(attestations.attestations(), root));
        }
        return entry;
    }
}

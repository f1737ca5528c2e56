package dev.signet.policy;

import dev.signet.SignetException;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.VerificationKey;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The keys the attestors of a batch of rules name, each source resolved once per decision through the key provider
 * (a Secret's {@code cosign.pub} through an informer, or a file), however many rules and entries share it.
 */
final class AttestorKeys {
    private final KeyProvider provider;
    private final Map<KeySource, ResolvedKey> resolved = new LinkedHashMap<>();

    AttestorKeys(KeyProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** Resolves every key of the rule's attestor sets; returns the keys that could be had. */
    Set<VerificationKey> of(ImageRule rule) {
        return of(rule.attestors());
    }

    /** Resolves every key of the attestor sets; returns the keys that could be had. */
    Set<VerificationKey> of(List<AttestorSet> sets) {
        Set<VerificationKey> keys = new LinkedHashSet<>();
        sets.stream().flatMap(AttestorSet::leaves).filter(KeyAttestor.class::isInstance).map(KeyAttestor.class::cast)
                .forEach(attestor -> resolved.computeIfAbsent(attestor.source(), this::resolve).key().ifPresent(keys::add));
        return keys;
    }

    /** Every source resolved so far, for the judge. */
    Map<KeySource, ResolvedKey> resolved() {
        return Map.copyOf(resolved);
    }

    private ResolvedKey resolve(KeySource source) {
        if (source instanceof KeySource.Inline inline) {
            String hint = inline.key().hint();
            return new ResolvedKey(Optional.of(inline.key()), "", "the entry's key (SHA256:" + hint.substring(0, Math.min(12, hint.length())) + "...)");
        }
        KeySource.Reference reference = (KeySource.Reference) source;
        String keyRef = reference.keyRef();
        try {
            VerificationKey key = provider.verificationKey(keyRef);
            return new ResolvedKey(Optional.of(reference.digest().map(key::withDigest).orElse(key)), "", "key " + keyRef);
        } catch (SignetException e) {
            return new ResolvedKey(Optional.empty(), e.getMessage(), "key " + keyRef);
        }
    }
}
